/**
 * A bounded memo for pure string functions (stems, romanisation keys): words repeat across
 * sentences and articles, so caching them halves feature extraction. The cache is cleared when
 * full, which keeps memory bounded in a long-running server; results never depend on it.
 */
export function memoString(fn: (s: string) => string, limit = 50_000): (s: string) => string {
  let cache = new Map<string, string>();
  return (s: string): string => {
    let v = cache.get(s);
    if (v === undefined) {
      v = fn(s);
      if (cache.size >= limit) cache = new Map();
      cache.set(s, v);
    }
    return v;
  };
}

/**
 * Counts failed logins per key (a client address, a user name) in a sliding window and refuses
 * further attempts once a key reaches the limit, until its oldest failure leaves the window.
 * In memory on purpose: one server process serves one database, a restart forgetting the counts
 * costs little, and an attacker's guesses never turn into database writes. The map is bounded so
 * that many addresses cannot exhaust memory (the oldest keys go first).
 */
export interface RateLimitOptions {
  /** Failures allowed inside the window. */
  maxFailures: number;
  windowMs: number;
  /** Keys kept at most. */
  maxKeys: number;
}

export const LOGIN_LIMITS: RateLimitOptions = { maxFailures: 5, windowMs: 15 * 60_000, maxKeys: 10_000 };

export interface LimitVerdict { allowed: boolean; retryAfterSeconds: number }

export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly opts: RateLimitOptions = LOGIN_LIMITS, private readonly now: () => number = Date.now) {}

  private recent(key: string): number[] {
    const since = this.now() - this.opts.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  /** May `key` try now? When not, how many seconds until it may. */
  check(key: string): LimitVerdict {
    const times = this.recent(key);
    if (times.length < this.opts.maxFailures) return { allowed: true, retryAfterSeconds: 0 };
    const oldest = times[times.length - this.opts.maxFailures]!;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.opts.windowMs - this.now()) / 1000)) };
  }

  /** Failures of `key` inside the window. */
  count(key: string): number {
    return this.recent(key).length;
  }

  /** Records one failure of `key`. */
  fail(key: string): void {
    const times = this.recent(key);
    times.push(this.now());
    this.failures.delete(key); // re-insert so the map stays in order of last use
    this.failures.set(key, times.slice(-this.opts.maxFailures));
    while (this.failures.size > this.opts.maxKeys) {
      const first = this.failures.keys().next().value;
      if (first === undefined) break;
      this.failures.delete(first);
    }
  }

  /** Takes back the latest failure of `key` (an attempt counted up front that turned out right). */
  forgive(key: string): void {
    const times = this.failures.get(key);
    if (!times) return;
    times.pop();
    if (!times.length) this.failures.delete(key);
  }

  /** Forgets `key`'s failures (after a successful login). */
  reset(key: string): void {
    this.failures.delete(key);
  }
}

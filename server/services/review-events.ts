/**
 * In-process publish/subscribe of committed review operations, per pair, and who has a pair
 * open. The service publishes after every committed operation; the page's event stream (SSE)
 * subscribes. One hub per database (tests open many), held in a WeakMap so it goes with it.
 * Listeners are bounded per pair and in all, and a pair's entry is dropped with its last
 * listener, so nothing grows with the number of pairs ever opened.
 */
import type { ChangedLinks } from '../review/view-model.ts';

/** One committed operation on a pair. */
export interface PairEvent {
  pairId: number;
  /** The pair's version after the operation. */
  version: number;
  /** The user name of who did it. */
  by: string;
  /** The operation's name ("confirm", "undo", …). */
  op: string;
  summary: string;
  changed: ChangedLinks;
}

export type PairListener = (event: PairEvent) => void;

/** Limits that keep a flood of open tabs from holding unbounded memory. */
export const MAX_LISTENERS_PER_PAIR = 64;
export const MAX_LISTENERS = 1_000;

export class ReviewEvents {
  private readonly listeners = new Map<number, Set<PairListener>>();
  private total = 0;
  // pair → connection id → user name (one user may have the pair open in several tabs)
  private readonly open = new Map<number, Map<string, string>>();

  /**
   * Calls `listener` for every event of the pair until the returned function is called. Returns
   * null when the pair or the server has as many listeners as it takes (answer 503 then).
   */
  subscribe(pairId: number, listener: PairListener): (() => void) | null {
    let set = this.listeners.get(pairId);
    if ((set?.size ?? 0) >= MAX_LISTENERS_PER_PAIR || this.total >= MAX_LISTENERS) return null;
    if (!set) this.listeners.set(pairId, (set = new Set()));
    set.add(listener);
    this.total++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const s = this.listeners.get(pairId);
      if (s?.delete(listener)) this.total--;
      if (s && s.size === 0) this.listeners.delete(pairId);
    };
  }

  /** Hands the event to the pair's listeners; one that throws does not stop the others. */
  publish(event: PairEvent): void {
    const set = this.listeners.get(event.pairId);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch (e) {
        console.error('review event listener failed', e);
      }
    }
  }

  /** Number of listeners of one pair, or of all pairs. */
  listenerCount(pairId?: number): number {
    return pairId === undefined ? this.total : this.listeners.get(pairId)?.size ?? 0;
  }

  /** Records that connection `connId` of `user` has the pair open. */
  join(pairId: number, user: string, connId: string): void {
    let m = this.open.get(pairId);
    if (!m) this.open.set(pairId, (m = new Map<string, string>()));
    m.set(connId, user);
  }

  /** The connection closed. */
  leave(pairId: number, connId: string): void {
    const m = this.open.get(pairId);
    if (!m) return;
    m.delete(connId);
    if (m.size === 0) this.open.delete(pairId);
  }

  /** Who has the pair open: distinct user names, sorted. */
  present(pairId: number): string[] {
    return [...new Set(this.open.get(pairId)?.values() ?? [])].sort();
  }
}

const hubs = new WeakMap<object, ReviewEvents>();

/** The hub of one database (any object that stands for it; the service passes its Db). */
export function reviewEvents(db: object): ReviewEvents {
  let hub = hubs.get(db);
  if (!hub) hubs.set(db, (hub = new ReviewEvents()));
  return hub;
}

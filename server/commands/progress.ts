import cliProgress from 'cli-progress';
import type { CliIo } from './types.ts';

/** What a long command reports as it goes. */
export interface Progress {
  /** Sets how far the work is (`done` of `total`, in the unit the caller chose) and the items finished. */
  update(done: number, items: number): void;
  /** Stops the bar (or prints nothing more); call once at the end, also on failure. */
  stop(): void;
}

export interface ProgressOptions {
  /** What is counted, e.g. 'imported' or 'aligned'. */
  label: string;
  /** The whole amount in the unit of `done` (bytes of the input, or pairs). */
  total: number;
  /** No output at all. */
  quiet?: boolean;
  /** Seconds between plain lines when stderr is not a terminal (default 5). */
  every?: number;
}

const formatSeconds = (s: number): string => {
  if (!Number.isFinite(s) || s < 0) return '?';
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
};

/**
 * Progress for a long command: a bar with count, rate and time left (cli-progress) when stderr is a
 * terminal, plain periodic lines otherwise (logs and pipes get no control characters), nothing with
 * `quiet`. The rate is items per second; the time left is estimated from `done/total`, so an import
 * can measure bytes of input while it counts pairs.
 */
export function createProgress(io: CliIo, opts: ProgressOptions): Progress {
  if (opts.quiet) return { update() {}, stop() {} };
  const started = Date.now();
  const rateOf = (items: number) => items / Math.max(0.001, (Date.now() - started) / 1000);
  const leftOf = (done: number) => {
    const elapsed = (Date.now() - started) / 1000;
    return done > 0 ? (elapsed * (opts.total - done)) / done : Infinity;
  };
  if (io.isTTY) {
    const bar = new cliProgress.SingleBar({
      format: `${opts.label} {items} | {bar} {percentage}% | {rate}/s | {left} left`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
      fps: 5,
    }, cliProgress.Presets.shades_classic);
    bar.start(Math.max(1, opts.total), 0, { items: 0, rate: '0', left: '?' });
    return {
      update(done, items) {
        bar.update(Math.min(done, opts.total), { items, rate: rateOf(items).toFixed(0), left: formatSeconds(leftOf(done)) });
      },
      stop() {
        bar.stop();
      },
    };
  }
  const every = (opts.every ?? 5) * 1000;
  let last = started;
  return {
    update(done, items) {
      const now = Date.now();
      if (now - last < every) return;
      last = now;
      const pct = opts.total > 0 ? Math.min(100, (100 * done) / opts.total).toFixed(0) : '?';
      io.stderr(`… ${opts.label} ${items} (${pct}%), ${rateOf(items).toFixed(0)}/s, ${formatSeconds(leftOf(done))} left\n`);
    },
    stop() {},
  };
}

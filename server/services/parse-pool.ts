import type { Worker } from 'node:worker_threads';
import { ImportError } from '../import/index.ts';
import { startTypeScriptWorker } from './bulk-align.ts';
import type { PreparedRequest, PreparedSides, PrepareResult, PrepareTask } from './prepare-request.ts';

const WORKER_URL = new URL('../workers/prepare-worker.ts', import.meta.url);

type Reply = { ready: true } | { ok: PreparedRequest | PreparedSides } | { importError: { code: string; message: string } } | { error: string };
interface Pending { task: PrepareTask; resolve: (r: PreparedRequest | PreparedSides) => void; reject: (e: Error) => void }

/**
 * One worker thread that reads the articles of web requests, one at a time, each under a time
 * budget: a task that runs past it has its thread terminated (the only way to stop synchronous
 * code) and fails with ImportError('too_slow'), a 422; the next task gets a fresh thread.
 * The thread is unref'd, so an idle pool never keeps the process alive.
 */
export class ParsePool {
  private worker: Worker | null = null;
  private ready = false;
  private current: Pending | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly queue: Pending[] = [];

  constructor(private readonly budgetMs: number) {}

  run<T extends PrepareTask>(task: T): Promise<PrepareResult<T>> {
    return new Promise((resolve, reject) => {
      // the worker answers a task of kind T with PrepareResult<T> (prepareTask)
      this.queue.push({ task, resolve: (r) => resolve(r as PrepareResult<T>), reject });
      this.pump();
    });
  }

  /** Ends the thread; queued tasks fail. */
  async close(): Promise<void> {
    for (const p of this.queue.splice(0)) p.reject(new Error('The server is stopping.'));
    await this.kill(new Error('The server is stopping.'));
  }

  private spawn(): Worker {
    const worker = startTypeScriptWorker(WORKER_URL);
    worker.unref();
    this.ready = false;
    worker.on('message', (reply: Reply) => this.onReply(worker, reply));
    worker.on('error', (e) => { if (this.worker === worker) void this.kill(e); });
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.current?.reject(new Error('The article reader stopped unexpectedly.'));
      this.current = null;
      this.pump();
    });
    return worker;
  }

  private onReply(worker: Worker, reply: Reply): void {
    if (worker !== this.worker) return;
    if ('ready' in reply) {
      this.ready = true;
      return this.pump();
    }
    const done = this.current;
    this.current = null;
    if (this.timer) clearTimeout(this.timer);
    worker.unref();
    if (done) {
      if ('ok' in reply) done.resolve(reply.ok);
      else if ('importError' in reply) done.reject(new ImportError(reply.importError.code, reply.importError.message));
      else done.reject(new Error(reply.error));
    }
    this.pump();
  }

  private pump(): void {
    if (this.current || this.queue.length === 0) return;
    this.worker ??= this.spawn();
    if (!this.ready) return; // the thread starts in a few hundred ms; the budget starts with the task
    const next = this.queue.shift()!;
    this.current = next;
    this.worker.ref(); // a task in flight keeps the process up (a CLI-less caller awaits it)
    this.timer = setTimeout(() => {
      void this.kill(new ImportError('too_slow',
        `Reading this article took longer than ${(this.budgetMs / 1000).toFixed(0)} s, so it was stopped. `
        + 'The page is unusually large or complex: paste the article text alone, or save it as plain text.'));
    }, this.budgetMs);
    this.worker.postMessage(next.task);
  }

  private async kill(reason: Error): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    const worker = this.worker;
    const current = this.current;
    this.worker = null;
    this.current = null;
    current?.reject(reason);
    if (worker) await worker.terminate();
    this.pump();
  }
}

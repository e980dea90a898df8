// SQLite writes off the request thread: a worker thread owns a write connection to the same file
// and runs each batch's transaction (events, idempotency keys, emulator state, the durable commit)
// while the main thread goes on parsing and answering requests; reads stay on the main thread's
// connection, which sees each batch once its commit is answered (WAL). A batch's promise settles
// only after its commit, as in-thread, so nothing is acknowledged before it is durable.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { StoredEvent } from '../../model/event.js';
import type { EventWrite, RecordOptions } from '../event-store.js';
import { decodeError, type CheckpointRequest, type RowsRequest, type RowsWritten, type WriteReply, type WriteRequest } from './write-messages.js';

/** The worker's compiled entry; absent when the code runs from its TypeScript sources (vitest). */
export const WRITE_WORKER_ENTRY = new URL('./write-worker.js', import.meta.url);

export function writeWorkerAvailable(entry: URL = WRITE_WORKER_ENTRY): boolean {
  return entry.protocol === 'file:' && existsSync(fileURLToPath(entry));
}

export class WriteThread {
  private readonly worker: Worker;
  /** Each request's promise, settled with its reply: stored events, or rows written. */
  private readonly pending = new Map<number, { resolve: (answer: unknown) => void; reject: (err: unknown) => void }>();
  private nextId = 0;
  /** Checkpoints sent and not answered. */
  private checkpoints = 0;
  private failure: Error | undefined;
  private readonly exited: Promise<void>;

  constructor(path: string, entry: URL = WRITE_WORKER_ENTRY, mmapSize?: number) {
    this.worker = new Worker(entry, { workerData: { path, mmapSize } });
    this.worker.on('message', (m: WriteReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if ('error' in m) p.reject(decodeError(m.error));
      else p.resolve('events' in m ? m.events : 'written' in m ? m.written : undefined);
    });
    // A thread that dies may have committed what it was writing: its batches fail, unmarked, so
    // they are not retried (as a commit whose answer was lost).
    this.worker.on('error', (err) => this.fail(err));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        this.fail(new Error(`the SQLite write thread exited (code ${code})`));
        resolve();
      }),
    );
  }

  record(writes: readonly EventWrite[], options: RecordOptions): Promise<StoredEvent[]> {
    return this.request<StoredEvent[]>((id) => ({ id, writes, options }) satisfies WriteRequest);
  }

  /** Rows bound by bindWrite(), written by the thread's writeRows(). */
  writeRows(rows: unknown[][]): Promise<RowsWritten> {
    return this.request<RowsWritten>((id) => ({ id, rows }) satisfies RowsRequest);
  }

  /** Checkpoints the log on the thread, after what it was sent before. */
  checkpoint(): Promise<void> {
    this.checkpoints++;
    return this.request<void>((id) => ({ id, checkpoint: true }) satisfies CheckpointRequest).finally(() => this.checkpoints--);
  }

  private request<T>(message: (id: number) => WriteRequest | RowsRequest | CheckpointRequest): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (answer: unknown) => void, reject });
      this.worker.postMessage(message(id));
    });
  }

  /**
   * Nothing sent is unanswered but checkpoints: the thread holds no write transaction open, and
   * none is coming. A checkpoint takes no write lock (WAL), so a commit elsewhere need not wait for it.
   */
  get idle(): boolean {
    return this.pending.size === this.checkpoints;
  }

  /** The thread died (or failed): what it was sent has failed, and it takes nothing more. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Lets the thread finish what it was sent, close its connection and exit. */
  async close(): Promise<void> {
    if (!this.failure) this.worker.postMessage({ close: true });
    await this.exited;
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

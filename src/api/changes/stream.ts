// One open change stream: the account's changes after a version, as Server-Sent Events
// (`id: <version>`, `event: change`, `data: <event JSON>`), read from the store whenever the hub
// says there may be more, and a comment line now and then so that proxies keep the connection.
import type { PassThrough } from 'node:stream';
import type { StoredEvent } from '../../model/event.js';
import type { EventStore } from '../../store/index.js';
import type { ChangeHub } from './hub.js';

/** A comment line this often keeps idle connections open through proxies and load balancers. */
export const HEARTBEAT_MS = 15_000;
/** Changes read per query. */
const PAGE = 500;

export interface StreamOptions {
  store: EventStore;
  hub: ChangeHub;
  account: string;
  after: number;
  render: (e: StoredEvent) => unknown;
  onError: (err: unknown) => void;
  heartbeatMs?: number;
}

export class ChangeStream {
  private cursor: number;
  private busy = false;
  private again = false;
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly out: PassThrough,
    private readonly options: StreamOptions,
  ) {
    this.cursor = options.after;
    // Reconnect after a second if the connection breaks (EventSource's default is about 3).
    this.send(`retry: 1000\n: changes after ${this.cursor}\n\n`);
    this.heartbeat = setInterval(() => this.send(': keep-alive\n\n'), options.heartbeatMs ?? HEARTBEAT_MS);
    this.unsubscribe = options.hub.subscribe(() => void this.pump());
    out.once('close', () => this.stop());
    void this.pump();
  }

  /** Ends the stream (the server is closing); the client reconnects elsewhere with Last-Event-ID. */
  end(): void {
    this.stop();
    if (!this.out.destroyed) this.out.end();
  }

  /** Writes unless the client is gone; false when the reader is behind (wait for drain). */
  private send(text: string): boolean {
    if (this.out.destroyed || this.out.writableEnded) return true;
    return this.out.write(text);
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.out.off('drain', done).off('close', done);
        resolve();
      };
      this.out.on('drain', done).on('close', done);
    });
  }

  private stop(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.unsubscribe();
  }

  /** Sends everything after the cursor; a wake while sending makes it look again once done. */
  private async pump(): Promise<void> {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    try {
      do {
        this.again = false;
        let changes: StoredEvent[];
        do {
          changes = await this.options.store.changesAfter(this.cursor, PAGE, { account: this.options.account });
          if (this.closed) return;
          let room = true;
          for (const e of changes) {
            room = this.send(`id: ${e.resourceVersion}\nevent: change\ndata: ${JSON.stringify(this.options.render(e))}\n\n`);
            this.cursor = e.resourceVersion;
          }
          // A slow reader holds the stream's reads back, not the service's memory.
          if (!room) await this.drained();
        } while (changes.length === PAGE && !this.closed);
      } while (this.again && !this.closed);
    } catch (err) {
      // The next wake (a commit or the next poll) tries again from the same cursor.
      this.options.onError(err);
    } finally {
      this.busy = false;
    }
  }
}

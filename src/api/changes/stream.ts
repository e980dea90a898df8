// One open change stream: the changes of a scope after a version, each written as the stream's
// format frames it (Server-Sent Events, Kubernetes watch lines) whenever the hub says there may be
// more, and a keep-alive frame now and then so that proxies keep the connection. The changes come
// from the hub's window once the stream has caught up with the store; a stream that starts (or
// falls) behind the window reads the store itself, as a resume from an old version must (only the
// store knows what retention removed), until it catches up.
import type { PassThrough } from 'node:stream';
import type { StoredEvent } from '../../model/event.js';
import { ChangesExpiredError, scopeMatcher, type ChangeScope, type EventStore } from '../../store/index.js';
import type { ChangeHub } from './hub.js';
import { sharedJoin } from './shared.js';

/** Changes read per query. */
const PAGE = 500;

/** Bytes of frames a stream serves from the window in one write, at most (and one frame more). */
const WRITE_BYTES = 64 * 1024;

export interface StreamOptions {
  store: EventStore;
  hub: ChangeHub;
  scope: ChangeScope;
  after: number;
  /**
   * The stream starts over (a replay of the current state, `after` 0) rather than resuming a
   * position: its reads are from whatever is kept until it has a position of its own.
   */
  startOver?: boolean;
  /**
   * The text one change is written as, given the position it is read after: the version the read
   * that found it started after, or the change before it in that read.
   * A Buffer is written as it is: one built once per change (shared.ts) goes to every stream.
   */
  frame: (e: StoredEvent, readAfter: number) => string | Buffer;
  /** Written once, first. */
  opening?: string;
  /** Written every `ms` while the stream is open, given the version the stream has reached. */
  keepAlive?: { ms: number; frame: (cursor: number) => string };
  /** Written whenever the stream has sent everything there was (after each read that found the end). */
  caughtUp?: (cursor: number) => string | undefined;
  /**
   * Written when retention has removed changes after the stream's position before it read them;
   * then the stream ends (the client starts over). Without it such a stream ends at once, silent.
   */
  expired?: (err: ChangesExpiredError) => string;
  onError: (err: unknown) => void;
}

export class ChangeStream {
  private cursor: number;
  /**
   * How far the stream has looked in the window: changes of other scopes move it past the
   * cursor (the last change sent), so that they are not looked at again.
   */
  private scanned = 0;
  /** Caught up with the store once: the hub's window may serve it from now on. */
  private live = false;
  private readonly match: (e: StoredEvent) => boolean;
  private startingOver: boolean;
  private busy = false;
  private again = false;
  private closed = false;
  private readonly keepAlive: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly out: PassThrough,
    private readonly options: StreamOptions,
  ) {
    this.cursor = options.after;
    this.match = scopeMatcher(options.scope);
    this.startingOver = options.startOver ?? false;
    if (options.opening) this.send(options.opening);
    const keepAlive = options.keepAlive;
    this.keepAlive = keepAlive && setInterval(() => this.send(keepAlive.frame(this.cursor)), keepAlive.ms);
    this.unsubscribe = options.hub.subscribe(() => void this.pump());
    out.once('close', () => this.stop());
    void this.pump();
  }

  /** Ends the stream (the server is closing, or the stream's time is up); the client resumes from its last version. */
  end(): void {
    this.stop();
    if (!this.out.destroyed) this.out.end();
  }

  /** Writes unless the client is gone; false when the reader is behind (wait for drain). */
  private send(text: string | Buffer): boolean {
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
    clearInterval(this.keepAlive);
    this.unsubscribe();
  }

  /**
   * The changes after `after`. A stream that starts over first reads everything kept; if that
   * finds nothing, the purge mark read just before becomes its position (nothing up to it was
   * kept), so that what is reported and removed before its next read is a gap it is told of,
   * not one it skips.
   */
  private async read(after: number): Promise<StoredEvent[]> {
    const { store, scope } = this.options;
    if (!this.startingOver) return store.changesAfter(after, PAGE, scope);
    const purged = await store.purgedUpTo(scope.account);
    const changes = await store.changesAfter(0, PAGE, scope, { startOver: true });
    this.startingOver = false;
    if (!changes.length) this.cursor = Math.max(this.cursor, purged);
    return changes;
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
        let more: boolean;
        do {
          const readAfter = Math.max(this.cursor, this.scanned);
          const shared = this.live ? this.options.hub.read(readAfter, PAGE, this.match) : undefined;
          if (shared) {
            // One write for what one read found (up to WRITE_BYTES): a write costs the server far
            // more than its bytes do, and a server that falls behind finds more per read.
            let room = true;
            let frames: Buffer[] = [];
            let bytes = 0;
            // Each change framed as read after the one before it: the window holds every change
            // of an event, so its first change in this read is new to the reader, the next ones not.
            let position = readAfter;
            for (const e of shared.changes) {
              const frame = this.options.frame(e, position);
              position = e.resourceVersion;
              const buffer = typeof frame === 'string' ? Buffer.from(frame, 'utf8') : frame;
              frames.push(buffer);
              bytes += buffer.length;
              this.cursor = e.resourceVersion;
              if (bytes >= WRITE_BYTES) {
                room = this.send(sharedJoin(frames, bytes));
                frames = [];
                bytes = 0;
                // The rest stays in the window (or, if it moves on meanwhile, in the store).
                if (!room) break;
              }
            }
            if (frames.length) room = this.send(sharedJoin(frames, bytes));
            this.scanned = room ? shared.upTo : this.cursor;
            more = shared.more || !room;
            // A slow reader holds up its own reads, and the server keeps nothing for it but the window.
            if (!room) await this.drained();
          } else {
            // Behind the window (or before its first read): from the store, as far as the store's end.
            this.live = false;
            this.scanned = 0;
            const after = this.cursor;
            const changes = await this.read(after);
            if (this.closed) return;
            let room = true;
            for (const e of changes) {
              room = this.send(this.options.frame(e, after));
              this.cursor = e.resourceVersion;
            }
            more = changes.length === PAGE;
            if (!more) this.live = true;
            // A slow reader holds the stream's reads back, not the service's memory.
            if (!room) await this.drained();
          }
        } while (more && !this.closed);
        const caughtUp = this.options.caughtUp?.(this.cursor);
        if (caughtUp && !this.closed) this.send(caughtUp);
      } while (this.again && !this.closed);
    } catch (err) {
      if (err instanceof ChangesExpiredError) {
        // Going on would skip what was removed: say so, and end.
        if (this.options.expired && !this.closed) this.send(this.options.expired(err));
        this.end();
        return;
      }
      // The next wake (a commit or the next poll) tries again from the same cursor.
      this.options.onError(err);
    } finally {
      this.busy = false;
    }
  }
}

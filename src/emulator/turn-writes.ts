// The writes of the events one emulator turn reports. The event classes never wait for a write
// (the state machine is synchronous), but whoever made the turn may: a world, fault or clock
// route answers once its own events are stored, rather than once everybody's are.
import type { Recorder } from '../recorder/index.js';

/** What the event classes need of a recorder. */
export type Reporter = Pick<Recorder, 'reportUnchecked'>;

export class TurnWrites {
  private open: Promise<unknown>[] | undefined;

  /** The recorder as the event classes see it: each report's write is noted in the open turn. */
  reporter(recorder: Reporter): Reporter {
    return {
      reportUnchecked: (input) => {
        const pending = recorder.reportUnchecked(input);
        this.open?.push(pending);
        return pending;
      },
    };
  }

  /** A turn begins: the writes of its reports are gathered until end(). */
  begin(): void {
    this.open = [];
  }

  /**
   * The turn ends: resolves once each of its writes is stored, rejects with the first that
   * failed (the event classes hand every failure to onError as well, so no one need await it).
   */
  end(): Promise<void> {
    const writes = this.open ?? [];
    this.open = undefined;
    return settledQuietly(Promise.all(writes));
  }
}

/** The promise, resolving to nothing, marked handled: a turn nobody awaits is no unhandled rejection. */
export function settledQuietly(p: Promise<unknown>): Promise<void> {
  const done = p.then(() => undefined);
  done.catch(() => undefined);
  return done;
}

// When the SQLite write thread dies, the batch it held fails (unmarked: it may have committed),
// and the store writes every later batch on the request thread, so the service goes on storing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventWrite } from '../../../test/support/event-write.js';
import { isRolledBack } from '../record-apart.js';
import { SqliteEventStore } from './store.js';

const DIES = new URL('../../../test/fixtures/write-thread/dies.mjs', import.meta.url);
const T0 = Date.UTC(2026, 0, 1) * 1000;

describe('a write thread that dies', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'eci-events-thread-'));
    store = new SqliteEventStore(join(dir, 'events.db'), { writeThread: DIES, threadMinWrites: 0 });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails the batch it held, unmarked, then stores the next batches in place', async () => {
    expect(store.writesOffThread).toBe(true);
    expect(store.writeDepth).toBe(2);
    const lost = await store.record([eventWrite('a', T0)]).catch((err: unknown) => err);
    expect(lost).toBeInstanceOf(Error);
    expect((lost as Error).message).toMatch(/the SQLite write thread exited \(code 3\)/);
    // The thread may have committed before it died: the batch is not retried apart.
    expect(isRolledBack(lost)).toBe(false);

    expect(store.writesOffThread).toBe(false);
    expect(store.writeDepth).toBe(1);
    const [b] = await store.record([eventWrite('b', T0 + 1)]);
    const again = await store.record([eventWrite('b', T0 + 2), eventWrite('c', T0 + 3)]);
    expect(again.map((e) => [e.name, e.count])).toEqual([
      ['ev-b', 2],
      ['ev-c', 1],
    ]);
    expect(again[0]!.resourceVersion).toBeGreaterThan(b!.resourceVersion);
    expect((await store.list({})).map((e) => e.name).sort()).toEqual(['ev-b', 'ev-c']);
  });
});

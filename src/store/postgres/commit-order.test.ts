// Two stores (two replicas) writing one PostgreSQL database at once while a third follows the
// change feed: every version must be committed in order, or a follower that has read past a
// version would never see a smaller one committed after its read. The write lock gives that
// order now that it is taken and released inside one statement (record-function.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventWrite } from '../../../test/support/event-write.js';
import { freshDatabase, postgresAvailable } from '../../../test/support/postgres.js';
import { PostgresEventStore } from './store.js';

const WRITERS = 2;
const BATCHES = 40;
const PER_BATCH = 25;
const IN_FLIGHT = 4;

describe.skipIf(!postgresAvailable)('postgres: versions commit in order across replicas', () => {
  let db: { url: string; drop: () => Promise<void> };
  let stores: PostgresEventStore[];

  beforeEach(async () => {
    db = await freshDatabase();
    stores = [];
    for (let i = 0; i <= WRITERS; i++) stores.push(await PostgresEventStore.open(db.url));
  });

  afterEach(async () => {
    for (const s of stores) await s.close();
    await db.drop();
  });

  it('lets a follower of the change feed miss no event while two stores write concurrently', async () => {
    const [follower, ...writers] = stores as [PostgresEventStore, ...PostgresEventStore[]];
    const writing = writers.map(async (store, w) => {
      // Several batches of each store in flight (each store sends them one after another).
      for (let b = 0; b < BATCHES; b += IN_FLIGHT) {
        await Promise.all(
          Array.from({ length: IN_FLIGHT }, (_, j) =>
            store.record(Array.from({ length: PER_BATCH }, (_, i) => eventWrite(`w${w}-b${b + j}-${i}`, 1_000_000 + i))),
          ),
        );
      }
    });
    let done = false;
    const finished = Promise.all(writing).finally(() => (done = true));
    const seen = new Set<number>();
    let after = 0;
    const follow = async () => {
      for (const e of await follower.changesAfter(after, 10_000)) {
        seen.add(e.resourceVersion);
        after = Math.max(after, e.resourceVersion);
      }
    };
    while (!done) await follow();
    await finished;
    await follow();
    // Every event is distinct, so each keeps the version it was written with: all of them must
    // have reached the follower although it only ever asked for versions above the last it saw.
    const all = await follower.changesAfter(0, 1_000_000, {}, { startOver: true });
    expect(all).toHaveLength(WRITERS * BATCHES * PER_BATCH);
    const missed = all.filter((e) => !seen.has(e.resourceVersion)).map((e) => e.resourceVersion);
    expect(missed).toEqual([]);
  }, 120_000);
});

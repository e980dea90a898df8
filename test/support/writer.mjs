// A writer process for test/concurrency.test.ts: reports EVENTS distinct events N times each,
// interleaved, through the Recorder of the built code (dist/), into one shared database.
//
//   node test/support/writer.mjs <sqlite file | postgres://...> <N>
//
// It opens the store, prints "ready", waits for a line on stdin (so that two writers start
// together), reports round after round (each round one occurrence of every event, awaited, so
// every round is at least one transaction of its own), drains, closes the store, and prints one
// JSON line {"done":true,"reported":..., "start":ms, "end":ms}.
import { createInterface } from 'node:readline';
import { Recorder } from '../../dist/src/recorder/index.js';
import { PostgresEventStore } from '../../dist/src/store/postgres/store.js';
import { SqliteEventStore } from '../../dist/src/store/sqlite/store.js';

/** 5 container groups × 4 reasons: 20 distinct events, each one message per object and reason. */
const OBJECTS = [1, 2, 3, 4, 5].map((i) => ({ name: `cg-${i}`, uid: `eci-conc-${i}` }));
const REASONS = [
  ['NoStock', ['zone k']],
  ['StockExhaust', ['zone k']],
  ['InsufficientBalance', ['ecs.g6.large']],
  ['StockClose', ['zone k']],
];

async function main() {
  const [db, nArg] = process.argv.slice(2);
  const n = Number(nArg);
  if (!db || !Number.isInteger(n) || n < 1) {
    console.error('usage: writer.mjs <db> <N>');
    process.exit(2);
  }
  const store = /^postgres(ql)?:\/\//.test(db) ? await PostgresEventStore.open(db) : new SqliteEventStore(db);
  const recorder = new Recorder(store);

  const lines = createInterface({ input: process.stdin });
  const go = new Promise((resolve) => lines.once('line', resolve));
  console.log('ready');
  await go;
  lines.close();

  const start = Date.now();
  let reported = 0;
  for (let round = 0; round < n; round++) {
    const pending = [];
    // Vary the order from round to round so the two writers touch rows in different orders.
    for (let i = 0; i < OBJECTS.length * REASONS.length; i++) {
      const k = (i * 7 + round) % (OBJECTS.length * REASONS.length);
      const [reason, args] = REASONS[k % REASONS.length];
      pending.push(recorder.reportUnchecked({ object: OBJECTS[Math.floor(k / REASONS.length)], reason, args }));
      reported++;
    }
    await Promise.all(pending);
  }
  await recorder.drain();
  const end = Date.now();
  await store.close();
  console.log(JSON.stringify({ done: true, reported, start, end }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

// `node dist/bench/emulator-turns.js [groups]`: the emulator's turns on a virtual clock with a
// state sink that only counts, so what is measured is the turns' own work (the documents each
// turn serializes and compares), not a store. Creates the groups one per turn, then runs the
// clock until they are all Running (events go to an in-memory SQLite store). Prints figures only.
import { Emulator } from '../src/emulator/emulator.js';
import { ManualScheduler } from '../src/emulator/scheduler.js';
import type { StateSink } from '../src/emulator/state/index.js';
import { World } from '../src/emulator/world/world.js';
import { ManualClock } from '../src/model/clock.js';
import { Recorder } from '../src/recorder/index.js';
import { SqliteEventStore } from '../src/store/sqlite/store.js';
import type { StateChange } from '../src/store/index.js';

class CountingSink implements StateSink {
  turns = 0;
  puts = 0;
  worlds = 0;
  bytes = 0;
  openTurn(): void {}
  closeTurn(change?: StateChange): Promise<void> {
    this.turns += 1;
    for (const d of change?.puts ?? []) {
      this.puts += 1;
      if (d.kind === 'world') this.worlds += 1;
      this.bytes += d.json?.length ?? 0;
    }
    return Promise.resolve();
  }
}

const groups = Number(process.argv[2] ?? 200);
const clock = new ManualClock(Date.UTC(2026, 5, 1) * 1000);
const scheduler = new ManualScheduler(clock);
const sink = new CountingSink();
const store = new SqliteEventStore(':memory:');
const recorder = new Recorder(store, { clock });
const emu = new Emulator({ recorder, clock, scheduler, state: sink, world: new World(undefined, clock, { timeScale: 1 }) });
const started = process.hrtime.bigint();
const ids: string[] = [];
for (let i = 0; i < groups; i++) {
  ids.push(emu.create({ regionId: 'cn-hangzhou', containerGroupName: `g${i}`, containers: [{ name: 'c', image: 'nginx' }] }).id);
  scheduler.advance(100_000);
}
scheduler.advance(120_000_000);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const created = { turns: sink.turns, puts: sink.puts, worlds: sink.worlds, bytes: sink.bytes };
// Then a phase that leaves the world alone: every group restarted, the clock run until they run again.
const restartStart = process.hrtime.bigint();
for (const id of ids) if (emu.get('default', id)?.status === 'Running') emu.restart('default', id);
scheduler.advance(120_000_000);
const restartSeconds = Number(process.hrtime.bigint() - restartStart) / 1e9;
const statuses = new Map<string, number>();
for (const id of ids) {
  const s = emu.get('default', id)?.status ?? 'gone';
  statuses.set(s, (statuses.get(s) ?? 0) + 1);
}
emu.close();
await recorder.drain();
await store.close();
const phase = (label: string, s: number, turns: number, puts: number, worlds: number, bytes: number) =>
  console.log(
    `${label}: ${turns} turns in ${s.toFixed(2)} s (${Math.round(turns / s)} turns/s), ${puts} documents written (${worlds} worlds), ${(bytes / 2 ** 20).toFixed(1)} MiB of JSON`,
  );
phase(`create ${groups}`, seconds, created.turns, created.puts, created.worlds, created.bytes);
phase(`restart them`, restartSeconds, sink.turns - created.turns, sink.puts - created.puts, sink.worlds - created.worlds, sink.bytes - created.bytes);
console.log(`  ${[...statuses].map(([k, v]) => `${v} ${k}`).join(', ')}`);

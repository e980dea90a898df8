// A state sink for in-process tests: each turn goes to the recorder (its events and state commit
// together in the store) and is also applied to an in-memory copy, read back as a LoadedState, so
// that a test can build a fresh emulator from the documents between any two turns.
import type { Recorder } from '../../src/recorder/index.js';
import { byDue, type LoadedState, type StateChange, type StateDoc, type StateTimer } from '../../src/store/index.js';
import type { StateSink } from '../../src/emulator/state/index.js';

export class MemorySink implements StateSink {
  readonly docs = new Map<string, StateDoc>();
  readonly timers = new Map<string, StateTimer>();
  turns = 0;

  constructor(private readonly recorder: Recorder) {}

  openTurn(): void {
    this.recorder.openTurn();
  }

  closeTurn(change?: StateChange): Promise<void> {
    this.turns += 1;
    if (change) {
      // What a store would keep: the JSON of each document.
      for (const d of change.puts)
        this.docs.set(`${d.kind}/${d.id}`, { kind: d.kind, id: d.id, body: JSON.parse(d.json ?? JSON.stringify(d.body)) as unknown });
      for (const d of change.deletes) this.docs.delete(`${d.kind}/${d.id}`);
      for (const t of change.timerPuts) this.timers.set(t.id, JSON.parse(JSON.stringify(t)) as StateTimer);
      for (const id of change.timerDeletes) this.timers.delete(id);
    }
    return this.recorder.closeTurn(change);
  }

  loaded(): LoadedState {
    return { docs: structuredClone([...this.docs.values()]), timers: structuredClone([...this.timers.values()].sort(byDue)) };
  }
}

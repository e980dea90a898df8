// A state sink for the emulator's in-process tests that checks the world's dirty-tracking: after
// every turn it serializes the world itself and compares it with the last turn's. A world that
// changed while the turn wrote no world document (its revision did not move: a mutating path
// that forgot to count) is a miss, and the test that ran it fails (emulator-world.ts close()).
import type { StateSink } from '../../src/emulator/state/index.js';
import { DOC_KINDS } from '../../src/emulator/state/index.js';
import type { World } from '../../src/emulator/world/world.js';
import type { StateChange } from '../../src/store/index.js';

export class WorldCheckSink implements StateSink {
  /** The turns whose world changed unwritten: what moved, by top-level field of the document. */
  readonly missed: string[] = [];
  turns = 0;
  private last: string | undefined;
  private lastFields = new Map<string, string>();

  /** `world`: the emulator's, read at each turn's end (the emulator is made after its sink). */
  constructor(private readonly world: () => World | undefined) {}

  openTurn(): void {}

  closeTurn(change?: StateChange): Promise<void> {
    this.turns += 1;
    const world = this.world();
    // The first turn runs inside the emulator's constructor when a restore re-arms due timers.
    if (!world || !change) return Promise.resolve();
    const fields = new Map(Object.entries(world.toDoc()).map(([k, v]) => [k, JSON.stringify(v)]));
    const text = [...fields.values()].join('\n');
    const written = change.puts.some((d) => d.kind === DOC_KINDS.world);
    if (this.last !== undefined && text !== this.last && !written) {
      const moved = [...fields].filter(([k, v]) => this.lastFields.get(k) !== v).map(([k]) => k);
      this.missed.push(`turn ${this.turns}: the world's ${moved.join(', ')} changed, its revision did not`);
    }
    this.last = text;
    this.lastFields = fields;
    return Promise.resolve();
  }
}

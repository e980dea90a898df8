import type { Micros } from '../model/event.js';

/**
 * Event names as Kubernetes makes them, `<object name>.<hex of unix nanoseconds>`. The nanosecond
 * digits below our microsecond clock are random and the sequence never repeats within a process,
 * so names from concurrent writers and replicas do not collide.
 */
export class EventNamer {
  private last = 0n;

  name(objectName: string, at: Micros): string {
    let ns = BigInt(at) * 1000n + BigInt(Math.floor(Math.random() * 1000));
    if (ns <= this.last) ns = this.last + 1n;
    this.last = ns;
    return `${objectName}.${ns.toString(16)}`;
  }
}

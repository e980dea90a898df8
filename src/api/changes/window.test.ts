// The window of recent changes: reads after a position in version order, every change of an
// event changed again (a live stream gets each one), bounded, and honest about what it covers.
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../model/event.js';
import { ChangeWindow } from './window.js';

const change = (version: number, uid: string, account = 'a'): StoredEvent =>
  ({ resourceVersion: version, uid, account, name: uid, namespace: 'default' }) as StoredEvent;
const all = () => true;
const versions = (r: { changes: StoredEvent[] }) => r.changes.map((e) => e.resourceVersion);

describe('ChangeWindow', () => {
  it('reads the changes after a position, every change of an event changed again', () => {
    const w = new ChangeWindow(10);
    w.append([change(11, 'x'), change(12, 'y'), change(13, 'x')]);
    expect(versions(w.read(10, 100, all))).toEqual([11, 12, 13]);
    expect(versions(w.read(11, 100, all))).toEqual([12, 13]);
    expect(versions(w.read(12, 100, all))).toEqual([13]);
    expect(w.read(13, 100, all)).toEqual({ changes: [], upTo: 13, more: false });
  });

  it('stops at the limit and says how far it looked', () => {
    const w = new ChangeWindow(0);
    w.append([1, 2, 3, 4, 5].map((v) => change(v, `e${v}`)));
    const odd = (e: StoredEvent) => e.resourceVersion % 2 === 1;
    expect(w.read(0, 2, odd)).toMatchObject({ upTo: 3, more: true });
    expect(versions(w.read(0, 2, odd))).toEqual([1, 3]);
    expect(w.read(3, 2, odd)).toMatchObject({ upTo: 5, more: false });
    // Nothing matches: it has still looked up to the head.
    expect(w.read(0, 2, () => false)).toEqual({ changes: [], upTo: 5, more: false });
  });

  it('keeps at most its size, and covers only positions from its start', () => {
    const w = new ChangeWindow(0, 3);
    w.append([1, 2, 3, 4, 5].map((v) => change(v, `e${v}`)));
    expect(w.length).toBe(3);
    expect(w.start).toBe(2);
    expect(w.covers(1)).toBe(false);
    expect(w.covers(2)).toBe(true);
    expect(versions(w.read(2, 100, all))).toEqual([3, 4, 5]);
  });

  it('refuses a change that is not after its head; skips and resets', () => {
    const w = new ChangeWindow(5);
    expect(() => w.append([change(5, 'x')])).toThrow(/not after/);
    w.skipTo(9);
    expect(w.head).toBe(9);
    w.append([change(10, 'x')]);
    w.reset(20);
    expect([w.start, w.head, w.length]).toEqual([20, 20, 0]);
    expect(w.covers(19)).toBe(false);
  });
});

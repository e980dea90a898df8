import { afterEach, describe, expect, it } from 'vitest';
import { web, world, type World } from '../../test/support/emulator-world.js';
import { PodChanges, type PodChange } from './pod-changes.js';

const brief = (c: PodChange) => [
  c.version,
  c.type,
  c.group.status,
  c.group.containers.map((x) => `${x.currentState.state}${x.currentState.reason ? ':' + x.currentState.reason : ''}`).join(','),
];

describe('the pod change feed of the emulator', () => {
  let w: World;
  afterEach(async () => w.close());

  it('versions every change of a group through its lifecycle, once each, and its removal', () => {
    w = world({ timings: { terminate: 2_000_000 } });
    const heard: PodChange[] = [];
    w.emu.podChanges.subscribe((c) => heard.push(c));
    const g = w.emu.create(web);
    w.advance(10);
    w.emu.delete('default', g.id);
    w.advance(10);
    expect(heard.map(brief)).toEqual([
      [1, 'ADDED', 'Scheduling', 'Waiting:ContainerCreating'],
      [2, 'MODIFIED', 'Pending', 'Waiting:ContainerCreating'],
      [3, 'MODIFIED', 'Running', 'Running'],
      [4, 'MODIFIED', 'Terminating', 'Running'],
      [5, 'DELETED', 'Terminating', 'Running'],
    ]);
    // Steps that change nothing visible (the pull, the accept) make no change of their own.
    expect(w.emu.podChanges.latest).toBe(5);
    expect(w.emu.podChanges.versionOf(g.id)).toBeUndefined();
    expect(heard[4]!.previous).toEqual(heard[4]!.group);
  });

  it('tells each group its last version; resumes from a version while the ring holds what follows', () => {
    w = world();
    const a = w.emu.create(web);
    const b = w.emu.create({ ...web, containerGroupName: 'b' });
    w.advance(10);
    const feed = w.emu.podChanges;
    expect(feed.versionOf(a.id)).toBeLessThan(feed.versionOf(b.id)!);
    expect(feed.since(feed.latest)).toEqual([]);
    expect(feed.since(0)!.map((c) => c.version)).toEqual(Array.from({ length: feed.latest }, (_, i) => i + 1));
  });
});

describe('PodChanges', () => {
  const group = (id: string, status = 'Running') => ({ ...(JSON.parse(JSON.stringify({ id, status, containers: [] })) as object) }) as never;

  it('keeps a bounded ring: a version older than it is expired, not silently skipped', () => {
    const feed = new PodChanges(3);
    for (let i = 0; i < 5; i++) feed.note(group(`g${i}`));
    expect(feed.latest).toBe(5);
    expect(feed.since(2)!.map((c) => c.version)).toEqual([3, 4, 5]);
    expect(feed.since(1)).toBeUndefined();
    expect(feed.oldestResumable).toBe(2);
  });

  it('resumes after a restart from the saved counter: no new versions, older positions expire', () => {
    const feed = new PodChanges();
    feed.resume(7, [group('g1'), group('g2')]);
    expect(feed.latest).toBe(7);
    expect(feed.versionOf('g1')).toBe(7);
    feed.note(group('g1'));
    expect(feed.latest).toBe(7);
    expect(feed.since(7)).toEqual([]);
    // What happened before the restart is not kept: a watch from there lists again (410).
    expect(feed.since(6)).toBeUndefined();
    feed.note(group('g1', 'Failed'));
    feed.gone('g2');
    expect(feed.since(7)!.map((c) => [c.version, c.type, c.group.id])).toEqual([
      [8, 'MODIFIED', 'g1'],
      [9, 'DELETED', 'g2'],
    ]);
  });

  it('a listener that throws does not stop the change nor the others', () => {
    const feed = new PodChanges();
    const heard: number[] = [];
    feed.subscribe(() => {
      throw new Error('gone');
    });
    const off = feed.subscribe((c) => heard.push(c.version));
    const warn = process.emitWarning;
    process.emitWarning = () => undefined;
    try {
      feed.note(group('g1'));
    } finally {
      process.emitWarning = warn;
    }
    off();
    feed.note(group('g2'));
    expect(heard).toEqual([1]);
  });

  it('ends with its emulator: each subscriber is told once, and one subscribing later at once', async () => {
    const w = world();
    const heard: number[] = [];
    let ended = 0;
    w.emu.podChanges.subscribe(
      (c) => heard.push(c.version),
      () => (ended += 1),
    );
    w.emu.create(web);
    await w.close();
    expect([heard, ended]).toEqual([[1], 1]);
    w.emu.podChanges.close();
    expect(ended).toBe(1);
    let late = 0;
    w.emu.podChanges.subscribe(
      () => undefined,
      () => (late += 1),
    );
    expect(late).toBe(1);
  });
});

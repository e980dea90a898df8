import { describe, expect, it } from 'vitest';
import { ManualClock } from '../model/clock.js';
import { EXEC_SESSION_TTL, ExecSessions } from './exec-sessions.js';
import { ManualScheduler } from './scheduler.js';

const env = { hostname: 'h', image: 'busybox' };

function setup() {
  const clock = new ManualClock(1_000_000_000);
  const scheduler = new ManualScheduler(clock);
  const sessions = new ExecSessions(clock, scheduler);
  const seen: string[] = [];
  const sink = { write: (t: string) => seen.push(t), exit: (c: number, cmd: readonly string[]) => seen.push(`exit ${c} [${cmd.join(' ')}]`) };
  return { scheduler, sessions, seen, sink };
}

describe('exec sessions', () => {
  it('run their command on the clock: writes after sleeps when the clock gets there, then the exit', () => {
    const { scheduler, sessions, seen, sink } = setup();
    const token = sessions.create(['sh', '-c', 'echo a; sleep 3; echo b; exit 2'], env, () => true);
    expect(sessions.open(token, sink)).toBeTypeOf('function');
    expect(seen).toEqual(['a\n']);
    scheduler.advance(2_999_999);
    expect(seen).toEqual(['a\n']);
    scheduler.advance(1);
    expect(seen).toEqual(['a\n', 'b\n', 'exit 2 [sh -c echo a; sleep 3; echo b; exit 2]']);
  });

  it('open once, within the TTL, while the container runs; a cancelled one writes nothing more', () => {
    const { scheduler, sessions, seen, sink } = setup();
    const once = sessions.create(['true'], env, () => true);
    expect(sessions.open(once, sink)).toBeDefined();
    expect(sessions.open(once, sink)).toBeUndefined();
    const late = sessions.create(['true'], env, () => true);
    scheduler.advance(EXEC_SESSION_TTL);
    expect(sessions.open(late, sink)).toBeUndefined();
    expect(
      sessions.open(
        sessions.create(['true'], env, () => false),
        sink,
      ),
    ).toBeUndefined();
    expect(sessions.open('nope', sink)).toBeUndefined();
    seen.length = 0;
    const cancel = sessions.open(
      sessions.create(['sh', '-c', 'sleep 1; echo x'], env, () => true),
      sink,
    )!;
    cancel();
    scheduler.advance(5_000_000);
    expect(seen).toEqual([]);
  });
});

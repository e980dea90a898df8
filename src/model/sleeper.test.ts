import { describe, expect, it } from 'vitest';
import { Sleeper } from './sleeper.js';

describe('Sleeper', () => {
  it('sleeps for the time asked when nobody wakes it', async () => {
    const started = performance.now();
    await new Sleeper().sleep(50);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('wakes at once when told, and a wake with nobody asleep is a no-op', async () => {
    const sleeper = new Sleeper();
    sleeper.wake();
    const started = performance.now();
    const asleep = sleeper.sleep(60_000);
    sleeper.wake();
    await asleep;
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('sleeps again in full after a wake that came between two sleeps', async () => {
    const sleeper = new Sleeper();
    await sleeper.sleep(1);
    sleeper.wake();
    let woke = false;
    const next = sleeper.sleep(60_000).then(() => (woke = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(woke).toBe(false);
    sleeper.wake();
    await next;
    expect(woke).toBe(true);
  });
});

// The HTTP app on an in-memory SQLite store with a virtual clock, for tests that drive it with
// inject() or listen on a free port: the pieces main.ts wires, without the service around them.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.js';
import type { ReplicaView } from '../../src/api/replicas/replica-view.js';
import { AccountThrottle } from '../../src/api/core/throttle.js';
import { Emulator, ManualScheduler } from '../../src/emulator/index.js';
import { ManualClock, systemClock } from '../../src/model/clock.js';
import { Recorder } from '../../src/recorder/index.js';
import { SqliteEventStore } from '../../src/store/sqlite/store.js';

export interface TestApp {
  app: FastifyInstance;
  store: SqliteEventStore;
  recorder: Recorder;
  clock: ManualClock;
  /** The emulator behind the OpenAPI and the Kubernetes-style pods, on `scheduler`. */
  emulator: Emulator;
  scheduler: ManualScheduler;
  /** Makes this key pair valid for the account. */
  addKey(key: { id: string; secret: string }, account?: string): Promise<void>;
  close(): Promise<void>;
}

export function testApp(options: { now?: number; consoleDir?: string; replicas?: ReplicaView } = {}): TestApp {
  const store = new SqliteEventStore(':memory:');
  const keys = store.keyStore();
  const clock = new ManualClock(options.now);
  const scheduler = new ManualScheduler(clock);
  const recorder = new Recorder(store, { clock });
  const emulator = new Emulator({ recorder, clock, scheduler });
  const app = buildApp({
    store,
    keys,
    recorder,
    emulator,
    clock,
    clockControl: { mode: 'virtual', now: () => clock.now(), advanceTo: (when) => scheduler.advanceToInSteps(when) },
    wallClock: systemClock,
    throttle: new AccountThrottle({ ratePerSecond: 0, burst: 0 }, systemClock),
    version: 'test',
    consoleDir: options.consoleDir,
    ...(options.replicas ? { replicas: options.replicas } : {}),
  });
  return {
    app,
    store,
    recorder,
    clock,
    emulator,
    scheduler,
    addKey: (key, account = 'default') => keys.put({ accessKeyId: key.id, accessKeySecret: key.secret, account, createdAt: 0 }),
    close: async () => {
      emulator.close();
      await app.close();
      await recorder.drain();
      await store.close();
    },
  };
}

// The HTTP app on one store backend with real time replaced by a clock the test moves: request
// signatures are dated by that clock and flow control refills by it, so replays across the
// timestamp window and throttled retries are tested without waiting. Requests go through inject()
// (raw HTTP as a client sends it), or as over the TLS listener for the Kubernetes-style API.
import type { FastifyInstance } from 'fastify';
import { inject as injectRequest, type InjectOptions, type Response } from 'light-my-request';
import { buildApp } from '../../src/api/app.js';
import { AccountThrottle, type ThrottleOptions } from '../../src/api/core/throttle.js';
import { signV3 } from '../../src/api/core/signature.js';
import { Emulator, ManualScheduler } from '../../src/emulator/index.js';
import { ManualClock } from '../../src/model/clock.js';
import { Recorder } from '../../src/recorder/index.js';
import type { EventStore } from '../../src/store/index.js';
import type { KeyStore } from '../../src/store/key-store.js';
import type { Backend } from './backends.js';

export const START = Date.UTC(2026, 11, 1, 12, 0, 0) * 1000;
export const MINUTE = 60_000_000;

export interface AuthApp {
  app: FastifyInstance;
  store: EventStore;
  keys: KeyStore;
  /** Real time as the app sees it: signatures' dates, flow control. */
  wall: ManualClock;
  addKey(key: { id: string; secret: string }, account?: string): Promise<void>;
  /** Headers of a V3-signed request to this app, dated by the wall clock unless `at` says otherwise. */
  sign(o: { method: string; url: string; body?: string; key: { id: string; secret: string }; at?: number; action?: string }): Record<string, string>;
  /** A request as it arrives on the TLS listener (inject() has no TLS socket of its own). */
  overTls(options: InjectOptions): Promise<Response>;
  close(): Promise<void>;
}

export async function authApp(backend: Backend, throttle: ThrottleOptions = { ratePerSecond: 0, burst: 0 }): Promise<AuthApp> {
  const location = await backend.location();
  const store = await backend.open(location.db);
  const keys = (store as unknown as { keyStore(): KeyStore }).keyStore();
  const wall = new ManualClock(START);
  const clock = new ManualClock(START);
  const scheduler = new ManualScheduler(clock);
  const recorder = new Recorder(store, { clock });
  const emulator = new Emulator({ recorder, clock, scheduler });
  const app = buildApp({
    store,
    keys,
    recorder,
    emulator,
    clock,
    clockControl: { mode: 'virtual', now: () => clock.now(), advance: (micros) => scheduler.advance(micros) },
    wallClock: wall,
    throttle: new AccountThrottle(throttle, wall),
    version: 'test',
  });
  return {
    app,
    store,
    keys,
    wall,
    addKey: (key, account = 'default') => keys.put({ accessKeyId: key.id, accessKeySecret: key.secret, account, createdAt: 0 }),
    sign: ({ method, url, body, key, at, action }) => {
      const u = new URL(url, 'http://localhost:80');
      return signV3(
        {
          method,
          host: 'localhost:80',
          path: u.pathname,
          query: Object.fromEntries(u.searchParams),
          body: body ?? '',
          action: action ?? 'Ingest',
          version: '2018-08-08',
          ...(body === undefined ? {} : { contentType: 'application/json' }),
        },
        key.id,
        key.secret,
        new Date((at ?? wall.now()) / 1000),
      );
    },
    overTls: async (options) => {
      await app.ready();
      return injectRequest((req, res) => {
        Object.defineProperty(req.socket, 'encrypted', { value: true });
        app.routing(req, res);
      }, options);
    },
    close: async () => {
      await app.close();
      emulator.close();
      await recorder.drain();
      await store.close();
      await location.cleanup();
    },
  };
}

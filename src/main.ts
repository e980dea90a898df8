// The composition root: the only place that picks a store backend and wires the pieces together.
import type { FastifyServerOptions } from 'fastify';
import { buildApp } from './api/app.js';
import { systemClock, type Clock } from './model/clock.js';
import { Recorder } from './recorder/index.js';
import type { EventStore } from './store/index.js';
import { PostgresEventStore } from './store/postgres/store.js';
import { startRetention } from './store/retention.js';
import { SqliteEventStore } from './store/sqlite/store.js';
import { VERSION } from './version.js';

export { VERSION };

/** `:memory:`, a file path, or a postgres:// / postgresql:// connection string. */
export async function openStore(db: string): Promise<EventStore> {
  if (/^postgres(ql)?:\/\//.test(db)) return PostgresEventStore.open(db);
  return new SqliteEventStore(db);
}

export interface ServiceOptions {
  db: string;
  host: string;
  port: number;
  retentionMicros: number;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
}

export interface Service {
  url: string;
  store: EventStore;
  recorder: Recorder;
  close(): Promise<void>;
}

export async function startService(options: ServiceOptions): Promise<Service> {
  const clock = options.clock ?? systemClock;
  const store = await openStore(options.db);
  const recorder = new Recorder(store, { clock });
  const app = buildApp({ store, recorder, version: VERSION }, { logger: options.logger });
  const retention = startRetention(store, clock, {
    maxAge: options.retentionMicros,
    onSweep: (removed) => removed && app.log.info({ removed }, 'retention removed expired events'),
    onError: (err) => app.log.error({ err }, 'retention sweep failed'),
  });
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (err) {
    await retention.stop();
    await store.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    store,
    recorder,
    close: () =>
      (closing ??= (async () => {
        await app.close();
        await retention.stop();
        await recorder.drain();
        await store.close();
      })()),
  };
}

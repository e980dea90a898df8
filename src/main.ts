// The composition root: the only place that picks a store backend and wires the pieces together.
import { randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildApp, type AppLogger } from './api/app.js';
import type { DiagnosisRules } from './diagnosis/index.js';
import { DEFAULT_LISTENER_LIMITS, guardConnections, httpServerOptions, type ListenerLimits } from './api/listener-limits.js';
import { AccountThrottle, DEFAULT_THROTTLE, type ThrottleOptions } from './api/core/throttle.js';
import { Emulator } from './emulator/emulator.js';
import { ECI_TIMINGS, World, type Timings, type WorldSpec } from './emulator/index.js';
import { ManualScheduler, RealTimeScheduler } from './emulator/scheduler.js';
import { DOC_KINDS, hasStoredWorld, META_ID, metaClockTime, storedClockTime } from './emulator/state/index.js';
import type { LoadedState } from './store/index.js';
import { ManualClock, systemClock, type Clock } from './model/clock.js';
import type { ClockControl } from './api/routes/clock.js';
import { DEFAULT_ACCOUNT } from './model/event.js';
import { Recorder } from './recorder/index.js';
import { DEFAULT_ELECTION_INTERVAL_MS, Leadership, type Advertisement, type EmulatorLease, type EventStore, type Role } from './store/index.js';
import type { AccessKey, KeyStore } from './store/key-store.js';
import { PostgresEmulatorLease } from './store/postgres/lease.js';
import { PostgresEventStore } from './store/postgres/store.js';
import { startRetention } from './store/retention.js';
import { SqliteEmulatorLease } from './store/sqlite/lease.js';
import { SqliteEventStore } from './store/sqlite/store.js';
import { selfSignedCertificate, type TlsPair } from './tls-certificate.js';
import { VERSION } from './version.js';

export { VERSION };
export { MAX_MMAP_SIZE as MAX_SQLITE_MMAP_SIZE } from './store/sqlite/store.js';

export interface Stores {
  events: EventStore;
  keys: KeyStore;
  close(): Promise<void>;
}

/** `:memory:`, a file path, or a postgres:// / postgresql:// connection string. */
export async function openStores(db: string, options: { writeThread?: boolean; mmapSize?: number } = {}): Promise<Stores> {
  if (isPostgres(db)) {
    const events = await PostgresEventStore.open(db);
    return { events, keys: events.keyStore(), close: () => events.close() };
  }
  const events = new SqliteEventStore(db, {
    writeThread: options.writeThread ?? false,
    ...(options.mmapSize !== undefined ? { mmapSize: options.mmapSize } : {}),
  });
  const keys = events.keyStore();
  return {
    events,
    keys,
    close: async () => {
      await keys.close();
      await events.close();
    },
  };
}

const isPostgres = (db: string): boolean => /^postgres(ql)?:\/\//.test(db);

/**
 * Who may run the emulator on this database: on PostgreSQL, whichever replica holds the lease; on
 * SQLite, the one process serving the file (a second is refused here, before it listens).
 */
export function openLease(db: string): EmulatorLease {
  return isPostgres(db) ? PostgresEmulatorLease.open(db) : SqliteEmulatorLease.open(db);
}

/** A new access key pair in the style of Alibaba Cloud's (LTAI + 20, and a 30-character secret). */
export function newAccessKey(account: string, now: number): AccessKey {
  const alnum = (n: number) => [...randomBytes(n)].map((b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[b % 62]).join('');
  return { accessKeyId: `LTAI${alnum(20)}`, accessKeySecret: alnum(30), account, createdAt: now };
}

/** console/dist of this package (its package.json is above src/ in tests, above dist/src/ when built). */
export function defaultConsoleDir(): string | undefined {
  for (let dir = new URL('.', import.meta.url); dir.pathname !== '/'; dir = new URL('..', dir)) {
    const pkg = new URL('package.json', dir);
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'eci-events') {
      return fileURLToPath(new URL('console/dist', dir));
    }
  }
  return undefined;
}

export interface ServiceOptions {
  db: string;
  host: string;
  port: number;
  retentionMicros: number;
  /** A key pair to make valid for the default account. */
  accessKey?: { id: string; secret: string };
  throttle?: ThrottleOptions;
  /**
   * SQLite: large batches committed on a thread of their own (default; small ones in place while
   * it is idle), or every batch on the request thread.
   */
  sqliteWrites?: 'thread' | 'inline';
  /** SQLite: bytes of the file mapped into memory (default 2 GiB, the most better-sqlite3 maps). */
  sqliteMmapSize?: number;
  /** Real time (default), or a virtual clock starting at `clockStart` that moves only when told. */
  clock?: 'real' | 'virtual';
  clockStart?: number;
  /** The emulator's world (a parsed world file); default: the default world. */
  world?: WorldSpec;
  /**
   * Factor on every modelled duration on the real clock (emulator/time-scale.ts); wins over the
   * world's platform.timeScale. A virtual clock ignores both: time there moves only when told.
   */
  timeScale?: number;
  logger?: AppLogger;
  /**
   * Serve the Kubernetes-style API (all of the app, in fact) over TLS on this port too: kubectl
   * sends its token only over TLS. Without `tls`, a self-signed certificate made at start-up.
   */
  kube?: { port: number; tls?: TlsPair };
  /** The built web console to serve at / (default: this package's console/dist). */
  consoleDir?: string;
  /** The rules diagnoses reason by (default: the package's rules/diagnosis/causes.json). */
  diagnosisRules?: DiagnosisRules;
  /** The account that may change the world, faults, spot market and clock (default `default`). */
  operatorAccount?: string;
  /** Deadlines and the per-address connection cap of both listeners (default DEFAULT_LISTENER_LIMITS). */
  limits?: Partial<ListenerLimits>;
  /**
   * Where the other replicas reach this one (`http://host:port`), published when it leads the
   * emulator; default http://<host>:<port> it listens on (this machine's name for 0.0.0.0 / ::).
   * Its kube listener is published at the same host, with https and the kube port.
   */
  advertiseUrl?: string;
  /** How often a follower tries to take the emulator's lease, and a leader checks it holds it. */
  electionIntervalMs?: number;
}

export interface Service {
  url: string;
  store: EventStore;
  keys: KeyStore;
  recorder: Recorder;
  emulator: Emulator;
  /** The key created at start because none was configured, to be shown to the user. */
  createdKey?: AccessKey;
  /** The TLS listener's URL and the certificate a client must trust, when there is one. */
  kube?: { url: string; ca: string };
  /** This replica's name, and whether it runs the emulator (leader), forwards to the one that does (follower), or neither yet. */
  replica: { name: string; role(): Role };
  /** The time scale in force at start. */
  timeScale: number;
  close(): Promise<void>;
}

/** The time scale the world is held to: none on a virtual clock, where durations stay as modelled. */
function worldTimeScale(options: ServiceOptions): { timeScale?: number } {
  if (options.clock === 'virtual') return { timeScale: 1 };
  return options.timeScale !== undefined ? { timeScale: options.timeScale } : {};
}

/** ECI's step durations on the real clock; the compact default ones on a virtual clock (emulator/timings.ts). */
function lifecycleTimings(options: ServiceOptions): { timings?: Timings } {
  return options.clock === 'virtual' ? {} : { timings: ECI_TIMINGS };
}

/** The clock everything that stamps time reads, and the scheduler the emulator's timers run on. */
function serviceClock(options: ServiceOptions, stored: number | undefined, existing?: Clock): { clock: Clock; scheduler: RealTimeScheduler | ManualScheduler } {
  if (options.clock === 'virtual') {
    // A virtual clock resumes where the stored emulator last turned; --clock-start is for a new store.
    const clock = existing instanceof ManualClock ? existing : new ManualClock(stored ?? options.clockStart ?? systemClock.now());
    return { clock, scheduler: new ManualScheduler(clock) };
  }
  return { clock: systemClock, scheduler: new RealTimeScheduler(systemClock) };
}

/**
 * How the control API moves the clock. A virtual clock advances in steps; between two, what the
 * step reported is written (so a long advance holds no more than a step's events in memory) and
 * the event loop turns (so other requests, /healthz among them, are served meanwhile).
 */
function clockControlOf(clock: Clock, term: () => { scheduler: RealTimeScheduler | ManualScheduler; emulator: Emulator }): ClockControl {
  if (!(clock instanceof ManualClock)) return { mode: 'real', now: () => clock.now() };
  const between = async () => {
    // The step just run: its own writes, not whatever else was reported meanwhile.
    await term().emulator.lastTurnWritten();
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  return { mode: 'virtual', now: () => clock.now(), advanceTo: (when) => (term().scheduler as ManualScheduler).advanceToInSteps(when, between) };
}

/** The URL other replicas reach this one at, unless told: the address it listens on, or this machine's name for a wildcard. */
function defaultAdvertiseUrl(host: string, port: number): string {
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  const h = wildcard ? hostname() : host;
  return `http://${h.includes(':') ? `[${h}]` : h}:${port}`;
}

/** A leader's published Kubernetes listener: the advertised host, over https, on the listener's port. */
function advertisedKubeUrl(advertiseUrl: string, kubePort: number): string {
  const u = new URL(advertiseUrl);
  return `https://${u.hostname}:${kubePort}`;
}

export async function startService(options: ServiceOptions): Promise<Service> {
  // First: a second serve on a SQLite file stops here, before it listens or writes anything.
  const lease = openLease(options.db);
  let stores: Stores;
  try {
    stores = await openStores(options.db, {
      writeThread: options.sqliteWrites !== 'inline',
      ...(options.sqliteMmapSize !== undefined ? { mmapSize: options.sqliteMmapSize } : {}),
    });
  } catch (err) {
    await lease.close();
    throw err;
  }
  const { events: store, keys } = stores;
  let createdKey: AccessKey | undefined;
  if (options.accessKey) {
    await keys.put({ accessKeyId: options.accessKey.id, accessKeySecret: options.accessKey.secret, account: DEFAULT_ACCOUNT, createdAt: systemClock.now() });
  } else {
    const candidate = newAccessKey(DEFAULT_ACCOUNT, systemClock.now());
    if (await keys.createFirst(candidate)) createdKey = candidate;
  }
  // The emulator resumes from its stored documents and timers before anything listens.
  const loaded = await store.loadEmulatorState();
  const storedTime = storedClockTime(loaded);
  const notes: Array<{ msg: string; detail: Record<string, unknown> }> = [];
  if (options.clock === 'virtual' && storedTime !== undefined)
    notes.push({
      msg: 'the virtual clock resumes at its stored time',
      detail: { now: new Date(storedTime / 1000).toISOString(), clockStartIgnored: options.clockStart !== undefined },
    });
  // The stored world has the instances' holdings, balances and changes made at run time: it wins.
  if (options.world && hasStoredWorld(loaded))
    notes.push({
      msg: "the store holds the emulator's world, which is kept: --world is not applied (change it with `eci-events world apply FILE`)",
      detail: {},
    });
  const { clock } = serviceClock(options, storedTime);
  const limits: ListenerLimits = { ...DEFAULT_LISTENER_LIMITS, ...options.limits };
  const recorder = new Recorder(store, { clock });
  // The emulator reports through the app's logger, which exists only once the app does.
  let logError: (err: unknown, msg: string) => void = () => undefined;
  // One emulator per term of leadership: a replica that leads restores one from the store, and
  // stops it the moment it no longer leads. Between terms (a follower), an idle one whose timers
  // never run and which writes no state stands in: the API never reaches it, since a follower
  // forwards the emulator's requests.
  const newTerm = (loaded: LoadedState | undefined) => {
    const onError = (err: unknown) => logError(err, 'emulator event not recorded');
    if (!loaded) {
      const scheduler = new ManualScheduler(new ManualClock(clock.now()));
      return {
        emulator: new Emulator({
          recorder,
          clock,
          scheduler,
          world: new World(options.world, clock, worldTimeScale(options)),
          ...lifecycleTimings(options),
          onError,
        }),
        scheduler,
      };
    }
    const scheduler = serviceClock(options, undefined, clock).scheduler;
    return {
      emulator: Emulator.restore(
        { recorder, clock, scheduler, world: new World(options.world, clock, worldTimeScale(options)), ...lifecycleTimings(options), state: recorder, onError },
        loaded,
      ),
      scheduler,
    };
  };
  let term = newTerm(undefined);
  const clockControl = clockControlOf(clock, () => term);
  const replicaView = {
    name: '',
    role: (): Role => ({ kind: 'electing' }),
    retryAfterSeconds: Math.max(1, Math.ceil((options.electionIntervalMs ?? DEFAULT_ELECTION_INTERVAL_MS) / 1000)),
  };
  // Filled in once the TLS listener listens: the app tells clients where it is (GET /v1/kube).
  const kubeEndpoint: { url?: string; ca?: string } = {};
  const app = buildApp(
    {
      store,
      keys,
      recorder,
      get emulator() {
        return term.emulator;
      },
      clock,
      clockControl,
      wallClock: systemClock,
      throttle: new AccountThrottle(options.throttle ?? DEFAULT_THROTTLE, systemClock),
      version: VERSION,
      consoleDir: options.consoleDir ?? defaultConsoleDir(),
      kubeEndpoint,
      operatorAccount: options.operatorAccount ?? DEFAULT_ACCOUNT,
      replicas: replicaView,
      ...(options.diagnosisRules ? { diagnosisRules: options.diagnosisRules } : {}),
    },
    { logger: options.logger, limits },
  );
  logError = (err, msg) => app.log.error({ err }, msg);
  for (const n of notes) app.log.info(n.detail, n.msg);
  const retention = startRetention(store, clock, {
    maxAge: options.retentionMicros,
    onSweep: (removed) => removed && app.log.info({ removed }, 'retention removed expired events'),
    onError: (err) => app.log.error({ err }, 'retention sweep failed'),
  });
  // On a virtual clock, retention follows the clock: an advance answers once what it expired is
  // removed, as the minute's sweep would remove it on real time (tests replay days at once).
  const advanceTo = clockControl.advanceTo;
  if (advanceTo) {
    clockControl.advanceTo = async (when) => {
      await advanceTo(when);
      // The last step's writes (only those between steps were awaited), then the clock's new
      // time, which is part of the emulator's state: the advance answers with its events stored.
      await term.emulator.lastTurnWritten();
      await term.emulator.committed();
      await retention.sweep();
    };
  }
  // A virtual clock not leading stands still while the leader moves it: it goes to the stored time.
  const catchUp = (storedNow: number | undefined) => {
    if (clock instanceof ManualClock && storedNow !== undefined && storedNow > clock.now()) clock.set(storedNow);
  };
  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  let tlsServer: HttpsServer | undefined;
  let leadership: Leadership | undefined;
  let kubeFingerprint: string | undefined;
  try {
    await app.listen({ host: options.host, port: options.port });
    if (options.kube) {
      const tls = options.kube.tls ?? (await selfSignedCertificate(['127.0.0.1', '::1', 'localhost', options.host]));
      tlsServer = await listenTls(
        (req, res) => app.routing(req, res),
        tls,
        options.host,
        options.kube.port,
        limits,
        (address, cap) => app.log.warn({ address, cap, listener: 'tls' }, 'connection refused: the address holds as many connections as it may'),
      );
      kubeEndpoint.url = `https://${hostInUrl}:${portOf(tlsServer.address(), options.kube.port)}`;
      kubeEndpoint.ca = tls.cert;
      kubeFingerprint = new X509Certificate(tls.cert).fingerprint256;
    }
    // Listening first: what a leader publishes (its URLs, its certificate's fingerprint) exists
    // only now. Until the first round below decides, the emulator's requests are answered 503.
    const apiUrl = options.advertiseUrl ?? defaultAdvertiseUrl(options.host, portOf(app.server.address(), options.port));
    const advertisement: Advertisement = {
      replica: apiUrl,
      apiUrl,
      ...(tlsServer ? { kubeUrl: advertisedKubeUrl(apiUrl, portOf(tlsServer.address(), 0)), kubeFingerprint } : {}),
    };
    const election = new Leadership(
      lease,
      advertisement,
      {
        lead: async (record) => {
          // Everything the previous leader committed is there: its turns committing when this
          // replica bumped the epoch finished first, and any later one is refused by its fence.
          const state = await store.loadEmulatorState();
          catchUp(storedClockTime(state));
          recorder.setStateFence(() => lease.fence(record.epoch));
          term = newTerm(state);
          app.log.info({ epoch: record.epoch, documents: state.docs.length, timers: state.timers.length }, 'this replica leads the emulator: state restored');
        },
        depose: async () => {
          const ended = term;
          term = newTerm(undefined);
          ended.emulator.close();
          if (ended.scheduler instanceof RealTimeScheduler) ended.scheduler.close();
          // What the ended term reported is written before the lease goes to another replica.
          await recorder.drain();
        },
        // What a follower serves itself (ingest stamps, event ages, retention) reads the clock the leader moves.
        follow: async () => {
          if (clock instanceof ManualClock) catchUp(metaClockTime(await store.loadEmulatorDoc(DOC_KINDS.meta, META_ID)));
        },
        onError: (err) => app.log.error({ err }, 'emulator leader election: a round failed; the next one tries again'),
        onRole: (role) =>
          app.log.info(
            { emulator: role.kind, leader: role.kind === 'leader' ? role.record.replica : role.kind === 'follower' ? role.leader.replica : undefined },
            'emulator leadership changed',
          ),
      },
      options.electionIntervalMs ?? DEFAULT_ELECTION_INTERVAL_MS,
    );
    replicaView.name = advertisement.replica;
    replicaView.role = () => election.role();
    leadership = election;
    await election.start();
  } catch (err) {
    await leadership?.stop().catch(() => undefined);
    await app.close();
    tlsServer?.close();
    await retention.stop();
    await lease.close();
    await stores.close();
    throw err;
  }
  const port = portOf(app.server.address(), options.port);
  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostInUrl}:${port}`,
    ...(kubeEndpoint.url ? { kube: { url: kubeEndpoint.url, ca: kubeEndpoint.ca! } } : {}),
    store,
    keys,
    recorder,
    get emulator() {
      return term.emulator;
    },
    createdKey,
    replica: { name: replicaView.name, role: () => replicaView.role() },
    timeScale: term.emulator.world.timeScale,
    close: () =>
      (closing ??= (async () => {
        // Open watches on the TLS listener end with the app's streams (preClose); then its sockets.
        const tlsClosed = tlsServer && new Promise((resolve) => tlsServer!.close(resolve));
        await app.close();
        tlsServer?.closeAllConnections();
        await tlsClosed;
        // Stops this term's emulator and gives the lease up: a follower takes over at once.
        await leadership!.stop();
        await retention.stop();
        await recorder.drain();
        await stores.close();
      })()),
  };
}

function portOf(address: ReturnType<HttpsServer['address']>, fallback: number): number {
  return typeof address === 'object' && address ? address.port : fallback;
}

/** An HTTPS server that hands every request to the app's router, under the same limits as the plain listener, listening. */
function listenTls(
  route: RequestListener,
  tls: TlsPair,
  host: string,
  port: number,
  limits: ListenerLimits,
  onRefused: (address: string, cap: number) => void,
): Promise<HttpsServer> {
  const server = createHttpsServer({ cert: tls.cert, key: tls.key, ...httpServerOptions(limits), handshakeTimeout: limits.headersTimeoutMs }, route);
  guardConnections(server, limits, onRefused);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

import { readFileSync, statSync } from 'node:fs';
import { catalog } from '../../catalog/index.js';
import { DiagnosisRuleError, loadDiagnosisRules, type DiagnosisRules } from '../../diagnosis/index.js';
import { parseWorld, WorldError, type WorldSpec } from '../../emulator/index.js';
import { MAX_WORLD_BYTES } from '../../emulator/world/bounds.js';
import { timeScaleProblem } from '../../emulator/time-scale.js';
import { clockRangeProblem } from '../../model/clock.js';
import { parseDuration } from '../../model/duration.js';
import { fromRfc3339 } from '../../model/time.js';
import type { ListenerLimits } from '../../api/listener-limits.js';
import { MAX_SQLITE_MMAP_SIZE, startService, type Service } from '../../main.js';
import { UsageError, type Io } from '../io.js';
import { wholeNumber } from '../whole-number.js';
import { serveBanner } from './serve-banner.js';

export interface ServeOptions {
  host: string;
  port: string;
  db: string;
  retention: string;
  logLevel: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  throttleRate: string;
  throttleBurst: string;
  ingestRate: string;
  ingestBurst: string;
  sqliteWrites: string;
  sqliteMmapSize: string;
  clock: string;
  clockStart?: string;
  world?: string;
  diagnosisRules?: string;
  kubePort?: string;
  tlsCert?: string;
  tlsKey?: string;
  operatorAccount: string;
  headersTimeout: string;
  requestTimeout: string;
  idleTimeout: string;
  maxConnectionsPerAddress: string;
  advertiseUrl?: string;
  electionInterval: string;
  timeScale?: string;
}

/** --time-scale: a factor greater than 0 (time-scale.ts bounds it). */
function timeScaleOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\s*[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?\s*$/.test(value) ? Number(value) : NaN;
  const problem = timeScaleProblem(Number.isNaN(n) ? value : n);
  if (problem)
    throw new UsageError(
      `--time-scale must be a number greater than 0 (0.01 makes every modelled duration a hundred times shorter), got ${JSON.stringify(value)}: ${problem}`,
    );
  return n;
}

function readPem(file: string, flag: string, what: string, marker: RegExp): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${flag}: cannot read ${file}: ${(err as Error).message}`);
  }
  if (!marker.test(text)) throw new UsageError(`${flag}: ${file} is not a PEM ${what}`);
  return text;
}

/** The TLS listener's port and certificate, from --kube-port, --tls-cert and --tls-key. */
function kubeOptions(options: ServeOptions): { port: number; tls?: { cert: string; key: string } } | undefined {
  if (Boolean(options.tlsCert) !== Boolean(options.tlsKey)) throw new UsageError('--tls-cert and --tls-key go together: give both or neither');
  if (options.kubePort === undefined) {
    if (options.tlsCert) throw new UsageError('--tls-cert and --tls-key are for the TLS listener: give --kube-port too');
    return undefined;
  }
  const port = wholeNumber('--kube-port', options.kubePort, { max: 65535 });
  if (!options.tlsCert) return { port };
  return {
    port,
    tls: {
      cert: readPem(options.tlsCert, '--tls-cert', 'certificate', /-----BEGIN CERTIFICATE-----/),
      key: readPem(options.tlsKey!, '--tls-key', 'private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/),
    },
  };
}

/** A diagnosis rule file, checked against its schema and the catalog before anything starts: every problem listed. */
function readDiagnosisRules(file: string): DiagnosisRules {
  try {
    return loadDiagnosisRules(catalog, file);
  } catch (err) {
    if (err instanceof DiagnosisRuleError) throw new UsageError(`--diagnosis-rules: not a valid rule file:\n  - ${err.problems.join('\n  - ')}`);
    throw err;
  }
}

/** The world file, parsed and checked before anything starts: a bad file stops serve with every problem listed. */
function readWorld(file: string): WorldSpec {
  let text: string;
  try {
    // Sized before it is read: a file past the bound is refused without loading it.
    const bytes = statSync(file).size;
    if (bytes > MAX_WORLD_BYTES) throw new UsageError(`--world: ${file} is ${bytes} bytes; the bound of a world file is ${MAX_WORLD_BYTES} bytes`);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`--world: cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return parseWorld(text, file);
  } catch (err) {
    if (err instanceof WorldError) throw new UsageError(`--world: ${file} is not a valid world:\n  - ${err.problems.join('\n  - ')}`);
    throw err;
  }
}

/** Node's timers hold at most 2^31 - 1 ms; a day is far beyond any sensible deadline anyway. */
const MAX_DEADLINE_MS = 86_400_000;

function deadline(value: string, flag: string): number {
  let micros: number;
  try {
    micros = parseDuration(value);
  } catch (err) {
    throw new UsageError(`${flag}: ${(err as Error).message}`);
  }
  const ms = Math.round(micros / 1000);
  if (ms < 1 || ms > MAX_DEADLINE_MS) throw new UsageError(`${flag} must be from 1ms to 24h, got ${JSON.stringify(value)}`);
  return ms;
}

/** Deadlines and the per-address cap of both listeners, from --headers-timeout and its siblings. */
function listenerLimits(options: ServeOptions): ListenerLimits {
  const limits = {
    headersTimeoutMs: deadline(options.headersTimeout, '--headers-timeout'),
    requestTimeoutMs: deadline(options.requestTimeout, '--request-timeout'),
    idleTimeoutMs: deadline(options.idleTimeout, '--idle-timeout'),
    maxConnectionsPerAddress: wholeNumber('--max-connections-per-address', options.maxConnectionsPerAddress, { max: 1_000_000 }),
  };
  // The request deadline runs from the same start as the headers' and covers them.
  if (limits.requestTimeoutMs < limits.headersTimeoutMs) {
    throw new UsageError(
      `--request-timeout (${options.requestTimeout}) must be at least --headers-timeout (${options.headersTimeout}): the request's deadline covers its headers`,
    );
  }
  return limits;
}

/** Where other replicas reach this one: an http(s) URL with a host and nothing after the port. */
function advertiseUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(`--advertise-url must be a URL such as http://10.0.0.5:8080, got ${JSON.stringify(value)}`);
  }
  if (u.protocol !== 'http:' || !u.hostname || u.username || u.password || (u.pathname !== '/' && u.pathname !== '') || u.search || u.hash) {
    throw new UsageError(
      `--advertise-url must be http://host:port (where the other replicas reach this one's API), with no path, query or credentials; got ${JSON.stringify(value)}`,
    );
  }
  return u.origin;
}

/** Election rounds are from 100 ms (a busy database) to a minute (a takeover that slow is an outage). */
function electionInterval(value: string): number {
  let micros: number;
  try {
    micros = parseDuration(value);
  } catch (err) {
    throw new UsageError(`--election-interval: ${(err as Error).message}`);
  }
  const ms = Math.round(micros / 1000);
  if (ms < 100 || ms > 60_000) throw new UsageError(`--election-interval must be from 100ms to 60s, got ${JSON.stringify(value)}`);
  return ms;
}

export async function serveCommand(options: ServeOptions, io: Io): Promise<Service> {
  const port = wholeNumber('--port', options.port, { max: 65535 });
  let retentionMicros: number;
  try {
    retentionMicros = parseDuration(options.retention);
  } catch (err) {
    throw new UsageError(`--retention: ${(err as Error).message}`);
  }
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(options.logLevel)) {
    throw new UsageError(`--log-level must be one of fatal, error, warn, info, debug, trace, silent; got ${JSON.stringify(options.logLevel)}`);
  }
  if (Boolean(options.accessKeyId) !== Boolean(options.accessKeySecret)) {
    throw new UsageError('--access-key-id and --access-key-secret go together: give both or neither');
  }
  const throttle = {
    ratePerSecond: wholeNumber('--throttle-rate', options.throttleRate, { max: 1e9 }),
    burst: wholeNumber('--throttle-burst', options.throttleBurst, { max: 1e9 }),
  };
  if (throttle.ratePerSecond > 0 && throttle.burst < 1) throw new UsageError('--throttle-burst must be at least 1 when --throttle-rate is set');
  const reports = {
    reportsPerSecond: wholeNumber('--ingest-rate', options.ingestRate, { max: 1e9 }),
    reportBurst: wholeNumber('--ingest-burst', options.ingestBurst, { max: 1e9 }),
  };
  if (reports.reportsPerSecond > 0 && reports.reportBurst < 1) throw new UsageError('--ingest-burst must be at least 1 when --ingest-rate is set');
  if (options.sqliteWrites !== 'thread' && options.sqliteWrites !== 'inline')
    throw new UsageError(`--sqlite-writes must be thread or inline, got ${JSON.stringify(options.sqliteWrites)}`);
  if (options.clock !== 'real' && options.clock !== 'virtual') throw new UsageError(`--clock must be real or virtual, got ${JSON.stringify(options.clock)}`);
  if (options.clockStart !== undefined && options.clock !== 'virtual') throw new UsageError('--clock-start needs --clock virtual');
  let clockStart: number | undefined;
  try {
    clockStart = options.clockStart === undefined ? undefined : fromRfc3339(options.clockStart);
  } catch (err) {
    throw new UsageError(`--clock-start: ${(err as Error).message}`);
  }
  const outOfRange = clockStart === undefined ? undefined : clockRangeProblem(clockStart);
  if (outOfRange) throw new UsageError(`--clock-start: ${options.clockStart} is out of range: ${outOfRange}`);
  if (!/^[^\s\p{Cc}]{1,128}$/u.test(options.operatorAccount)) {
    throw new UsageError(
      `--operator-account must be an account name (1 to 128 characters, no spaces or control characters), got ${JSON.stringify(options.operatorAccount)}`,
    );
  }
  const limits = listenerLimits(options);
  const timeScale = timeScaleOf(options.timeScale);
  const world = options.world === undefined ? undefined : readWorld(options.world);
  const diagnosisRules = options.diagnosisRules === undefined ? undefined : readDiagnosisRules(options.diagnosisRules);
  const kube = kubeOptions(options);
  const advertised = advertiseUrl(options.advertiseUrl);
  const electionIntervalMs = electionInterval(options.electionInterval);
  const service = await startService({
    ...(advertised ? { advertiseUrl: advertised } : {}),
    electionIntervalMs,
    kube,
    world,
    ...(diagnosisRules ? { diagnosisRules } : {}),
    clock: options.clock,
    clockStart,
    ...(timeScale !== undefined ? { timeScale } : {}),
    db: options.db,
    host: options.host,
    port,
    retentionMicros,
    throttle: { ...throttle, ...reports },
    sqliteWrites: options.sqliteWrites,
    sqliteMmapSize: wholeNumber('--sqlite-mmap-size', options.sqliteMmapSize, { max: MAX_SQLITE_MMAP_SIZE }),
    accessKey: options.accessKeyId ? { id: options.accessKeyId, secret: options.accessKeySecret! } : undefined,
    // process.stdout writes synchronously on Linux (files, pipes, terminals), where pino's own
    // stream writes later: its start-up lines would land after the banner. At the default level
    // the log is a few lines (requests are at debug), so this costs nothing measurable.
    logger: { level: options.logLevel, stream: process.stdout },
    operatorAccount: options.operatorAccount,
    limits,
  });
  const scale = service.timeScale;
  if (options.clock === 'virtual' && (timeScale !== undefined || world?.platform?.timeScale !== undefined)) {
    io.err('Time scale: ignored on a virtual clock (its durations are modelled, and time moves only when told).');
  } else if (scale !== 1) io.err(`Time scale: ${scale} (every modelled duration of a group, pull, cache and virtual node takes ${scale} times as long).`);
  // The start-up log lines are written by now (the logger writes synchronously, below): the
  // banner comes after them, the last thing on the terminal.
  io.err(serveBanner(service, options).join('\n'));
  return service;
}

// The world scenarios' harness: a started `eci-events serve --world FILE --clock virtual` (the
// world file written to a temp dir), SDK clients per account, the virtual clock, the control
// routes, and exact checks of a group's platform events against the catalog rows.
//
// Scenario keys name the seed's ContainerGroup and Resource rows: the reason, or `Reason#n` (n
// from 1, in the seed's order) for a reason with two templates. `scenario(key, ...)` names the test
// after the row and checks the key exists; world-scenarios-coverage.test.ts checks every row has
// exactly one scenario.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { signV3 } from '../../src/api/core/signature.js';
import { renderTemplate, seedRows, type CatalogRow } from '../../src/catalog/index.js';
import { DEFAULT_TIMINGS } from '../../src/emulator/timings.js';
import { DEFAULTS } from '../../src/emulator/world/defaults.js';
import type { WorldSpec } from '../../src/emulator/world/spec.js';
import { fromRfc3339, toRfc3339Seconds } from '../../src/model/time.js';
import { $Eci, createKeys, sdkClient, sdkError, startServer, type EciClient, type Key, type Server } from './eci-sdk.js';
import { GROUP_ID, REQUEST_ID, type ContainerSpec } from './eci-views.js';
import { TEST_KEY } from './signed-fetch.js';

// ---- The rows ------------------------------------------------------------------------------

/** The catalog groups whose every row has a scenario here. */
export const SCENARIO_GROUPS = ['ContainerGroup', 'Resource'] as const;

/** Every row of those groups by its scenario key, in the seed's order. */
export const SCENARIO_ROWS: ReadonlyMap<string, CatalogRow> = (() => {
  const rows = seedRows.filter((r) => (SCENARIO_GROUPS as readonly string[]).includes(r.group));
  const total = new Map<string, number>();
  for (const r of rows) total.set(r.reason, (total.get(r.reason) ?? 0) + 1);
  const seen = new Map<string, number>();
  const out = new Map<string, CatalogRow>();
  for (const r of rows) {
    const n = (seen.get(r.reason) ?? 0) + 1;
    seen.set(r.reason, n);
    out.set(total.get(r.reason)! > 1 ? `${r.reason}#${n}` : r.reason, r);
  }
  return out;
})();

export function rowOf(key: string): CatalogRow {
  const row = SCENARIO_ROWS.get(key);
  if (!row) throw new Error(`no ContainerGroup or Resource row has the scenario key ${JSON.stringify(key)}`);
  return row;
}

/** One scenario per row: the test is named after the row (reason and template) and what causes it. */
export function scenario(key: string, cause: string, fn: () => Promise<void>, timeout?: number): void {
  const row = rowOf(key);
  it(`${key} (${row.type}: "${row.message}") ← ${cause}`, fn, timeout);
}

// ---- Time ----------------------------------------------------------------------------------

export const S = 1_000_000;
export const MINUTE = 60 * S;
/** From a create call to the group's scheduling step, where the platform provisions it (lifecycle.ts). */
export const TO_SCHEDULING = DEFAULT_TIMINGS.accept + DEFAULT_TIMINGS.schedule;
/** The modelled pull of an image of the default size from a registry of the default speed (world/defaults.ts): 800 ms. */
export const DEFAULT_PULL = (3 + DEFAULTS.imageLayers) * DEFAULTS.registryLatencyMs * 1000 + (DEFAULTS.imageSizeMB / DEFAULTS.registrySpeedMBps) * S;
/** From the scheduling step to Running, for a one-container group whose image is pulled. */
export const TO_RUNNING = DEFAULT_PULL + DEFAULT_TIMINGS.start;
/** A virtual start half a second past a whole second: events of the create call and of the scheduling step fall in different seconds. */
export const CLOCK_START = '2026-03-01T00:00:00.5Z';

/** A time as the API renders event timestamps (RFC 3339, whole seconds). */
export const sec = (micros: number) => toRfc3339Seconds(micros);

// ---- The server ----------------------------------------------------------------------------

export const DEFAULT = 'default';

export interface Control {
  status: number;
  body: Record<string, unknown>;
}

export interface WorldServer {
  server: Server;
  /** The virtual clock's time, as its last answer said. */
  now(): number;
  /** POST /v1/clock {advance}: runs what falls due; answers once its events are stored. */
  advance(duration: string): Promise<number>;
  /** The SDK client of an account (`default` is TEST_KEY's). */
  client(account?: string): EciClient;
  /** A signed request to the service's JSON control API, as the account's key. */
  control(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, account?: string): Promise<Control>;
  /** The access key of an account (for the CLI). */
  key(account?: string): Key;
  stop(): Promise<void>;
}

/** Writes the world file into a temp dir, starts serve on it with a virtual clock, and makes keys for the accounts. */
export async function startWorld(name: string, world: WorldSpec, accounts: readonly string[] = []): Promise<WorldServer> {
  const dir = mkdtempSync(join(tmpdir(), `eci-world-${name}-`));
  const file = join(dir, `${name}.world.json`);
  writeFileSync(file, JSON.stringify(world, null, 2));
  let server: Server;
  try {
    // The API's own per-account request rate (429 Throttling) is not under test here: off, so a
    // fast machine never trips it.
    server = await startServer(join(dir, 'events.db'), ['--world', file, '--clock', 'virtual', '--clock-start', CLOCK_START, '--throttle-rate', '0']);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const keys: Record<string, Key> = {
    [DEFAULT]: TEST_KEY,
    ...(await createKeys(
      server.db,
      accounts.filter((a) => a !== DEFAULT),
    )),
  };
  const clients = new Map<string, EciClient>();
  let now = fromRfc3339(CLOCK_START);
  const control = async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, account = DEFAULT): Promise<Control> => {
    const key = keys[account];
    if (!key) throw new Error(`no key for account ${account}`);
    const u = new URL(path, server.url);
    const text = body === undefined ? '' : JSON.stringify(body);
    const headers = signV3(
      {
        method,
        host: u.host,
        path: u.pathname,
        query: Object.fromEntries(u.searchParams),
        body: text,
        action: 'Control',
        version: '2018-08-08',
        ...(body === undefined ? {} : { contentType: 'application/json' }),
      },
      key.id,
      key.secret,
    );
    const res = await fetch(u, { method, headers, ...(body === undefined ? {} : { body: text }) });
    const answer = await res.text();
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(answer) as Record<string, unknown>;
    } catch {
      parsed = { text: answer };
    }
    return { status: res.status, body: parsed };
  };
  return {
    server,
    now: () => now,
    async advance(duration) {
      const r = await control('POST', '/v1/clock', { advance: duration });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      now = fromRfc3339(String(r.body.now));
      return now;
    },
    client(account = DEFAULT) {
      let c = clients.get(account);
      if (!c) {
        const key = keys[account];
        if (!key) throw new Error(`no key for account ${account}: list it in startWorld`);
        c = sdkClient(server.host, 'v3', key);
        clients.set(account, c);
      }
      return c;
    },
    control,
    key(account = DEFAULT) {
      const key = keys[account];
      if (!key) throw new Error(`no key for account ${account}: list it in startWorld`);
      return key;
    },
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- Calls through the SDK -----------------------------------------------------------------

export interface CreateOptions extends Record<string, unknown> {
  regionId?: string;
  containers?: ContainerSpec[];
  /** Container.1.EnvironmentVar (the first container's). */
  env?: Record<string, string>;
}

export interface Created {
  id: string;
  /** The virtual time of the call. */
  at: number;
}

/**
 * CreateContainerGroup through the SDK as `account` (createGroup). The answer of every row's cause
 * is the same: 200 with a RequestId and a ContainerGroupId; what the cause does shows later as
 * events and status.
 */
function createRequest(name: string, opts: CreateOptions): $Eci.CreateContainerGroupRequest {
  const { regionId = 'cn-hangzhou', containers = [{ name: 'app', image: 'nginx' }], env, ...rest } = opts;
  const container = containers.map(
    (c, i) =>
      new $Eci.CreateContainerGroupRequestContainer({
        ...c,
        ...(i === 0 && env
          ? { environmentVar: Object.entries(env).map(([key, value]) => new $Eci.CreateContainerGroupRequestContainerEnvironmentVar({ key, value })) }
          : {}),
      }),
  );
  return new $Eci.CreateContainerGroupRequest({ regionId, containerGroupName: name, container, ...rest });
}

export async function createGroup(ws: WorldServer, account: string, name: string, opts: CreateOptions = {}): Promise<Created> {
  const r = await ws.client(account).createContainerGroup(createRequest(name, opts));
  expect(r.statusCode).toBe(200);
  expect(r.body!.requestId).toMatch(REQUEST_ID);
  expect(r.body!.containerGroupId).toMatch(GROUP_ID);
  return { id: r.body!.containerGroupId!, at: ws.now() };
}

/**
 * The same create with DryRun=true: ECI checks service limits and inventory at the call, so a
 * cause a dry run can read refuses the call itself, 400 with the row's reason as the code and
 * its rendered message; nothing is created.
 */
export async function expectDryRunRefused(
  ws: WorldServer,
  account: string,
  name: string,
  opts: CreateOptions,
  key: string,
  args: readonly string[],
): Promise<void> {
  const row = rowOf(key);
  const f = await sdkError(ws.client(account).createContainerGroup(createRequest(name, { ...opts, dryRun: true })));
  expect({ statusCode: f.statusCode, code: f.data.Code, message: f.data.Message }).toEqual({
    statusCode: 400,
    code: row.reason,
    message: `DryRun: ${renderTemplate(row.message, args)}`,
  });
  expect(f.data.RequestId).toMatch(REQUEST_ID);
  const listed = await ws
    .client(account)
    .describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: opts.regionId ?? 'cn-hangzhou', containerGroupName: name }));
  expect(listed.body!.containerGroups ?? []).toEqual([]);
}

export async function deleteGroup(ws: WorldServer, account: string, regionId: string, id: string): Promise<void> {
  const r = await ws.client(account).deleteContainerGroup(new $Eci.DeleteContainerGroupRequest({ regionId, containerGroupId: id }));
  expect(r.statusCode).toBe(200);
  expect(r.body!.requestId).toMatch(REQUEST_ID);
}

/** The group as DescribeContainerGroups shows it (undefined when it is gone). */
export async function describeGroup(ws: WorldServer, account: string, regionId: string, id: string) {
  const r = await ws.client(account).describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId, containerGroupIds: JSON.stringify([id]) }));
  expect(r.statusCode).toBe(200);
  return r.body!.containerGroups?.find((g) => g.containerGroupId === id);
}

/** The group's status by DescribeContainerGroups and by DescribeContainerGroupStatus, which must agree (undefined: gone). */
export async function statusOf(ws: WorldServer, account: string, regionId: string, id: string): Promise<string | undefined> {
  const described = (await describeGroup(ws, account, regionId, id))?.status;
  const r = await ws
    .client(account)
    .describeContainerGroupStatus(new $Eci.DescribeContainerGroupStatusRequest({ regionId, containerGroupIds: JSON.stringify([id]) }));
  expect(r.statusCode).toBe(200);
  const status = r.body!.data?.find((d) => d.containerGroupId === id)?.status;
  expect(status, `DescribeContainerGroupStatus and DescribeContainerGroups disagree on ${id}`).toBe(described);
  return described;
}

export async function expectStatus(ws: WorldServer, account: string, regionId: string, id: string, status: string | undefined): Promise<void> {
  expect(await statusOf(ws, account, regionId, id), `status of ${id}`).toBe(status);
}

// ---- Events --------------------------------------------------------------------------------

export interface EventLine {
  reason: string;
  type: string;
  message: string;
  count: number;
  source: string;
  first: string;
  last: string;
}

/** The event a row renders with these arguments, as DescribeContainerGroupEvents must show it. */
export function expected(key: string, args: readonly string[], first: number, more: { count?: number; last?: number } = {}): EventLine {
  const row = rowOf(key);
  return {
    reason: row.reason,
    type: row.type,
    message: renderTemplate(row.message, args),
    count: more.count ?? 1,
    source: 'EciService',
    first: sec(first),
    last: sec(more.last ?? first),
  };
}

/** A System O&M event the emulator's host incidents record (its message: the seed's example, or `message`). */
export function systemOm(reason: string, first: number, more: { count?: number; last?: number; message?: string } = {}): EventLine {
  const row = seedRows.find((r) => r.group === 'SystemOM' && r.reason === reason);
  if (!row) throw new Error(`no System O&M row has the reason ${JSON.stringify(reason)}`);
  return {
    reason,
    type: row.type,
    message: more.message ?? row.message,
    count: more.count ?? 1,
    source: 'EciService',
    first: sec(first),
    last: sec(more.last ?? first),
  };
}

/** The instance-type events and other platform rows outside this suite's groups (none today) go through `expected` too. */
async function eventsOfGroup(ws: WorldServer, account: string, regionId: string, id: string, source?: 'EciService' | 'K8sAgent') {
  const r = await ws
    .client(account)
    .describeContainerGroupEvents(
      new $Eci.DescribeContainerGroupEventsRequest({ regionId, containerGroupIds: JSON.stringify([id]), ...(source ? { eventSource: source } : {}) }),
    );
  expect(r.statusCode).toBe(200);
  expect(r.body!.requestId).toMatch(REQUEST_ID);
  return [...(r.body!.data?.find((d) => d.containerGroupId === id)?.events ?? [])].reverse();
}

/** The group's platform (EciService) events, oldest first. */
export async function platformEvents(ws: WorldServer, account: string, regionId: string, id: string): Promise<EventLine[]> {
  const events = await eventsOfGroup(ws, account, regionId, id, 'EciService');
  return events.map((e) => ({
    reason: e.reason ?? '',
    type: e.type ?? '',
    message: e.message ?? '',
    count: e.count ?? 0,
    source: [e.source?.component, e.source?.host].filter(Boolean).join('/'),
    first: e.firstTimestamp ?? '',
    last: e.lastTimestamp ?? '',
  }));
}

/** Every platform event of the group, exactly and in order. */
export async function expectPlatformEvents(ws: WorldServer, account: string, regionId: string, id: string, lines: EventLine[]): Promise<void> {
  expect(await platformEvents(ws, account, regionId, id)).toEqual(lines);
}

/** The reasons of the group's agent (kubelet) events, oldest first. */
export async function agentReasons(ws: WorldServer, account: string, regionId: string, id: string): Promise<string[]> {
  return (await eventsOfGroup(ws, account, regionId, id, 'K8sAgent')).map((e) => e.reason ?? '');
}

/** The group's agent (kubelet) events as `Reason ×count`, oldest first (by their last occurrence). */
export async function agentCounts(ws: WorldServer, account: string, regionId: string, id: string): Promise<string[]> {
  return (await eventsOfGroup(ws, account, regionId, id, 'K8sAgent')).map((e) => `${e.reason} ×${e.count}`);
}

// Instance-type events every create records first.
export const defaultType = (at: number, t = 'ecs.c6.large') => expected('DefaultInstanceTypeMatch', [t], at);
export const userType = (at: number, t: string) => expected('UserInstanceTypeSpec', [t], at);
export const autoType = (at: number, t: string) => expected('AutoInstanceTypeMatch', [t], at);

// ---- The control routes ----------------------------------------------------------------------

export interface PlacementView {
  containerGroupId: string;
  account: string;
  zoneId: string;
  hostId: string;
  instanceType: string;
  spot: boolean;
  ip: string;
  eipId?: string;
}

/** GET /v1/world: the world as it stands, where each living group is placed, the faults in force. */
export async function worldState(ws: WorldServer): Promise<{ world: WorldSpec; placements: PlacementView[]; faults: Array<Record<string, unknown>> }> {
  const r = await ws.control('GET', '/v1/world');
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as unknown as { world: WorldSpec; placements: PlacementView[]; faults: Array<Record<string, unknown>> };
}

/** Where a living group is placed (undefined: it holds nothing). */
export async function placementOf(ws: WorldServer, id: string): Promise<PlacementView | undefined> {
  return (await worldState(ws)).placements.find((p) => p.containerGroupId === id);
}

export interface FaultBody {
  kind: string;
  target: string;
  count?: number;
  duration?: string;
  deadline?: string;
  detail?: string;
}

/** POST /v1/faults: 201 with the fault; returns its id. */
export async function injectFault(ws: WorldServer, fault: FaultBody): Promise<string> {
  const r = await ws.control('POST', '/v1/faults', fault);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const f = r.body.fault as Record<string, unknown>;
  expect(f).toMatchObject({ kind: fault.kind, target: fault.target });
  return String(f.id);
}

/** DELETE /v1/faults/:id. */
export async function clearFault(ws: WorldServer, id: string): Promise<void> {
  const r = await ws.control('DELETE', `/v1/faults/${encodeURIComponent(id)}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** POST /v1/spot/reclaim: the ids of the groups the market takes back. */
export async function reclaimSpot(ws: WorldServer, req: { zoneId: string; instanceType?: string; count?: number }): Promise<string[]> {
  const r = await ws.control('POST', '/v1/spot/reclaim', req);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.containerGroupIds as string[];
}

/** POST /v1/world with a partial world. */
export async function changeWorld(ws: WorldServer, patch: unknown): Promise<WorldSpec> {
  const r = await ws.control('POST', '/v1/world', patch);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.world as WorldSpec;
}

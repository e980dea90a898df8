// The probes a rule names: each reads what the group and the world say about one kind of cause
// and adds facts (sentences) and slots. Without a world or a group a probe says what the events
// alone allow, and nothing it cannot know.
import { formatDuration } from '../model/duration.js';
import type { Micros } from '../model/event.js';
import { toRfc3339Seconds } from '../model/time.js';
import type { GroupView, WorldFacts } from './facts.js';
import type { ProbeName } from './rule-schema.js';
import { addValue, joinValues, type Values } from './values.js';

export interface ProbeContext {
  group?: GroupView;
  world?: WorldFacts;
  /** The cause's slots so far (its events' captures and arguments); a probe adds to them. */
  values: Values;
  /** The newest occurrence of the cause. */
  last: Micros;
  now: Micros;
  container?: string;
}

type Probe = (ctx: ProbeContext) => string[];

const one = (v: Values, name: string): string | undefined => v.get(name)?.[0];
const all = (v: Values, name: string): string[] => v.get(name) ?? [];
const gib = (n: number) => `${Number(n.toFixed(2))} GiB`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A span as people read it: to the second. */
const span = (micros: Micros) => formatDuration(Math.round(micros / 1e6) * 1e6);

function when(at: Micros, now: Micros): string {
  const d = at - now;
  return d >= 0 ? `${toRfc3339Seconds(at)}, in ${span(d)}` : `${toRfc3339Seconds(at)}, ${span(-d)} ago`;
}

const stock: Probe = ({ group, world, values }) => {
  const types = all(values, 'instanceType').length ? all(values, 'instanceType') : group ? [group.instanceType] : [];
  if (!world || !group || !types.length) return [];
  const tried = all(values, 'zone').length ? all(values, 'zone') : [group.zoneId];
  const facts: string[] = [];
  for (const t of types) {
    const zones = world.zonesWithStock(group.account, group.regionId, t, tried);
    for (const z of zones) addValue(values, 'zonesWithStock', z);
    facts.push(
      zones.length
        ? `${zones.length === 1 ? 'Zone' : 'Zones'} ${joinValues(zones)} of ${group.regionId} ${zones.length === 1 ? 'has' : 'have'} stock of ${t} now.`
        : `No other zone of ${group.regionId} has stock of ${t} now: name other instance types too.`,
    );
  }
  return facts;
};

const vswitch: Probe = ({ group, world, values }) => {
  const vsw = one(values, 'vSwitch') ?? group?.vSwitchId;
  if (!world || !group || !vsw) return [];
  const others = world.vSwitchesWithAddresses(group.regionId, vsw);
  for (const o of others) addValue(values, 'vSwitchesWithAddresses', o.vSwitchId);
  return [
    others.length
      ? `${others.map((o) => `${o.vSwitchId} (${o.zoneId})`).join(', ')} ${others.length === 1 ? 'has' : 'have'} free addresses now.`
      : `No other vSwitch of the VPC has free addresses: add a vSwitch with a larger CIDR block.`,
  ];
};

const securityGroup: Probe = ({ group, world, values }) => {
  const sg = one(values, 'securityGroup') ?? group?.securityGroupId;
  if (!world || !group || !sg) return [];
  const others = world.otherSecurityGroups(group.regionId, sg);
  for (const o of others) addValue(values, 'otherSecurityGroups', o);
  return others.length ? [`Security group${others.length === 1 ? '' : 's'} ${joinValues(others)} of the same VPC can hold it.`] : [];
};

const balance: Probe = ({ group, world, values }) => {
  if (!world || !group) return [];
  const t = one(values, 'instanceType') ?? group.instanceType;
  const price = world.pricePerHour(t);
  const b = world.balance(group.account);
  addValue(values, 'balance', b.toFixed(2));
  if (price !== undefined) addValue(values, 'pricePerHour', price.toFixed(2));
  return [`The account's balance is ${b.toFixed(2)} CNY${price === undefined ? '' : `; an hour of ${t} costs ${price.toFixed(2)} CNY`}.`];
};

const quota: Probe = ({ group, world, values }) => {
  if (!world || !group) return [];
  const q = world.vcpuQuota(group.account);
  if (q.quota !== undefined) addValue(values, 'vcpuQuota', String(q.quota));
  addValue(values, 'vcpuUsed', String(q.used));
  return [`The account's living instances hold ${plural(q.used, 'vCPU')}${q.quota === undefined ? '' : ` of its quota of ${q.quota}`}.`];
};

const spot: Probe = ({ group, values, last, now }) => {
  const minutes = Number(one(values, 'minutes'));
  if (!Number.isFinite(minutes)) return [];
  const at = last + minutes * 60_000_000;
  addValue(values, 'releaseAt', toRfc3339Seconds(at));
  if (group?.status === 'Expired') return [`The spot instance was released (${when(at, now)}).`];
  return [`The spot instance is released at ${when(at, now)}.`];
};

const maintenance: Probe = ({ values, now }) => {
  const plan = one(values, 'planExecTime');
  if (!plan) return [];
  const ms = Date.parse(plan);
  if (Number.isNaN(ms)) return [];
  const at = ms * 1000;
  addValue(values, 'rebootAt', toRfc3339Seconds(at));
  addValue(values, 'rebootIn', at >= now ? span(at - now) : 'now');
  return [at >= now ? `The maintenance reboot is due at ${when(at, now)}.` : `The maintenance reboot was due at ${when(at, now)}.`];
};

/** The containers the kernel killed for memory: their names and limits. */
const memory: Probe = ({ group, values, container }) => {
  if (!group) return [];
  const killed = group.containers.filter(
    (c) => (container === undefined || c.name === container) && (c.current.reason === 'OOMKilled' || c.previous?.reason === 'OOMKilled'),
  );
  return killed.map((c) => {
    addValue(values, 'container', c.name);
    addValue(values, 'memoryLimit', gib(c.memory));
    // The instance's memory is shared by all its containers (docs/WORKLOADS.md): say with how many.
    const others = group.containers.length - 1;
    const shared = others > 0 ? `, shared with ${plural(others, 'other container')}` : '';
    const limit = c.sharesInstanceMemory ? `the instance's ${gib(group.memory)} (it names no memory of its own${shared})` : gib(c.memory);
    return `Container ${c.name} was OOMKilled (exit code 137) at a memory limit of ${limit}; it has restarted ${plural(c.restartCount, 'time')}.`;
  });
};

/** How the containers of a crash loop last exited. */
const exit: Probe = ({ group, values, container }) => {
  if (!group) return [];
  const named = container ?? one(values, 'container');
  return group.containers
    .filter((c) => (named === undefined || c.name === named) && c.previous?.exitCode !== undefined && c.previous.exitCode !== 0)
    .map((c) => {
      addValue(values, 'container', c.name);
      addValue(values, 'exitCode', String(c.previous!.exitCode));
      return `Container ${c.name} last exited with code ${c.previous!.exitCode}${c.previous!.reason ? ` (${c.previous!.reason})` : ''}; it has restarted ${plural(c.restartCount, 'time')} and is ${c.current.reason ?? c.current.state} now.`;
    });
};

const host: Probe = ({ group, world }) => {
  if (!group?.hostId || !world) return [];
  const h = world.host(group.hostId);
  if (!h) return [];
  return [`The instance is on host ${group.hostId}, which is ${h.health}${h.maintenance ? ' and under maintenance' : ''} now.`];
};

export const PROBE_TABLE: Readonly<Record<ProbeName, Probe>> = {
  stock,
  vswitch,
  'security-group': securityGroup,
  balance,
  quota,
  spot,
  maintenance,
  memory,
  exit,
  host,
};

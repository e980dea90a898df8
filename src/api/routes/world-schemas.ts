// Request and response schemas of the world control routes, and how a fault is rendered. The
// world itself is described by the emulator's own schema (the one world files are checked by),
// so an answer never drops a field the world has.
import { MAINTENANCE_NOTICE } from '../../emulator/incidents.js';
import { MAX_CONTROL_COUNT, MAX_SLOW_FACTOR } from '../../emulator/world/bounds.js';
import { WorldSchema, type Fault } from '../../emulator/index.js';
import { formatDuration } from '../../model/duration.js';
import { toRfc3339 } from '../../model/time.js';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;

export const faultSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'target', 'injectedAt', 'hits'],
  properties: {
    id: str,
    kind: str,
    target: str,
    count: int,
    duration: str,
    deadline: str,
    detail: str,
    factor: { type: 'number' },
    injectedAt: { type: 'string', description: 'RFC 3339, on the service\'s clock' },
    endsAt: { type: 'string', description: 'when the fault is over by itself: its duration, or a maintenance\'s deadline' },
    hits: int,
  },
} as const;

export const placementSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['containerGroupId', 'account', 'zoneId', 'hostId', 'instanceType', 'spot', 'ip'],
  properties: {
    containerGroupId: str,
    account: str,
    zoneId: str,
    hostId: str,
    instanceType: str,
    spot: { type: 'boolean' },
    ip: str,
    eipId: str,
  },
} as const;

export const hostSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'zoneId', 'vcpu', 'usedVcpu', 'health', 'maintenance'],
  properties: {
    id: str,
    zoneId: str,
    vcpu: int,
    usedVcpu: { type: 'number', description: 'vCPUs the instances placed on it take' },
    health: { type: 'string', enum: ['healthy', 'failed'] },
    maintenance: { type: 'boolean', description: 'a maintenance is planned: nothing new is placed on it' },
  },
} as const;

export const worldSchema = WorldSchema;

export const faultRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'target'],
  properties: {
    // The kind is checked by the handler, to answer with the list of kinds.
    kind: { type: 'string', maxLength: 64 },
    target: { type: 'string', minLength: 1, maxLength: 128 },
    count: { type: 'integer', minimum: 1, maximum: MAX_CONTROL_COUNT },
    duration: { type: 'string', maxLength: 64 },
    deadline: { type: 'string', maxLength: 64 },
    detail: { type: 'string', maxLength: 1024 },
    factor: { type: 'number', minimum: 1, maximum: MAX_SLOW_FACTOR, description: 'registry-slow: how many times slower pulls are (default 10)' },
  },
} as const;

export const reclaimRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['zoneId'],
  properties: {
    zoneId: { type: 'string', minLength: 1, maxLength: 128 },
    instanceType: { type: 'string', minLength: 1, maxLength: 128 },
    count: { type: 'integer', minimum: 1, maximum: MAX_CONTROL_COUNT },
  },
} as const;

export interface FaultJson {
  id: string;
  kind: string;
  target: string;
  count?: number;
  duration?: string;
  deadline?: string;
  detail?: string;
  factor?: number;
  injectedAt: string;
  endsAt?: string;
  hits: number;
}

/**
 * A fault with its times as the rest of the API writes them: durations as typed, instants in
 * RFC 3339. A maintenance always has its deadline (the emulator's default when none was given),
 * and ends there: the host's instances are restarted elsewhere and the fault is over.
 */
export function faultJson(f: Fault): FaultJson {
  const deadline = f.kind === 'host-maintenance' ? (f.deadline ?? MAINTENANCE_NOTICE) : f.deadline;
  const limits = [f.duration, f.kind === 'host-maintenance' ? deadline : undefined].filter((x): x is number => x !== undefined);
  const ends = limits.length ? Math.min(...limits) : undefined;
  return {
    id: f.id,
    kind: f.kind,
    target: f.target,
    ...(f.count !== undefined ? { count: f.count } : {}),
    ...(f.duration !== undefined ? { duration: formatDuration(f.duration) } : {}),
    ...(deadline !== undefined ? { deadline: formatDuration(deadline) } : {}),
    ...(f.detail !== undefined ? { detail: f.detail } : {}),
    ...(f.factor !== undefined ? { factor: f.factor } : {}),
    injectedAt: toRfc3339(f.injectedAt),
    ...(ends !== undefined ? { endsAt: toRfc3339(f.injectedAt + ends) } : {}),
    hits: f.hits,
  };
}

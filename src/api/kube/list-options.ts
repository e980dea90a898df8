// The query parameters of a list or watch of events, read and checked: a value that does not
// parse is a 400 that names it, as the API server answers.
import type { FieldCondition } from '../../store/index.js';
import { labelSelectorMatchesUnlabelled, parseFieldSelector } from './field-selector.js';
import { KubeError } from './status.js';
import type { IncludeObject } from './table.js';

export interface ListOptions {
  fields: FieldCondition[];
  /** False when the label selector needs a label, which no event has: the answer is empty. */
  labelsMatch: boolean;
  /** 0: no limit. */
  limit: number;
  continueToken?: string;
  watch: boolean;
  resourceVersion?: string;
  timeoutSeconds?: number;
  allowWatchBookmarks: boolean;
  sendInitialEvents?: boolean;
  includeObject: IncludeObject;
}

type Query = Record<string, string | string[] | undefined>;

function one(query: Query, name: string): string | undefined {
  const v = query[name];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

function bool(query: Query, name: string): boolean | undefined {
  const v = one(query, name);
  if (v === undefined) return undefined;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0' || v === '') return false;
  throw new KubeError('InvalidParameter', `${name}: ${JSON.stringify(v)} is not a boolean (true or false)`);
}

function int(query: Query, name: string, max: number): number | undefined {
  const v = one(query, name);
  if (v === undefined || v === '') return undefined;
  if (!/^\d{1,15}$/.test(v) || Number(v) > max)
    throw new KubeError('InvalidParameter', `${name}: ${JSON.stringify(v.slice(0, 40))} is not a whole number from 0 to ${max}`);
  return Number(v);
}

export function readListOptions(query: Query, eventsV1: boolean): ListOptions {
  const includeObject = one(query, 'includeObject') ?? 'Metadata';
  if (!['None', 'Metadata', 'Object'].includes(includeObject))
    throw new KubeError('InvalidParameter', `includeObject: ${JSON.stringify(includeObject)} is not None, Metadata or Object`);
  const resourceVersion = one(query, 'resourceVersion');
  if (resourceVersion !== undefined && resourceVersion !== '' && !/^\d{1,16}$/.test(resourceVersion)) {
    throw new KubeError(
      'InvalidParameter',
      `resourceVersion: ${JSON.stringify(resourceVersion.slice(0, 40))} is not a resource version this server handed out`,
    );
  }
  return {
    fields: parseFieldSelector(one(query, 'fieldSelector'), eventsV1),
    labelsMatch: labelSelectorMatchesUnlabelled(one(query, 'labelSelector')),
    limit: int(query, 'limit', Number.MAX_SAFE_INTEGER) ?? 0,
    continueToken: one(query, 'continue') || undefined,
    watch: bool(query, 'watch') ?? false,
    resourceVersion: resourceVersion || undefined,
    timeoutSeconds: int(query, 'timeoutSeconds', 365 * 86400),
    allowWatchBookmarks: bool(query, 'allowWatchBookmarks') ?? false,
    sendInitialEvents: bool(query, 'sendInitialEvents'),
    includeObject: includeObject as IncludeObject,
  };
}

/** A continue token: where the next page starts, and the version the list was read at. */
export function encodeContinue(after: number, listVersion: number): string {
  return Buffer.from(JSON.stringify({ v: 1, after, rv: listVersion })).toString('base64url');
}

export function decodeContinue(token: string): { after: number; listVersion: number } {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: unknown; after?: unknown; rv?: unknown };
    if (t.v === 1 && Number.isSafeInteger(t.after) && Number.isSafeInteger(t.rv) && (t.after as number) >= 0) {
      return { after: t.after as number, listVersion: t.rv as number };
    }
  } catch {
    // not base64url JSON: the same answer as a token of the wrong shape
  }
  throw new KubeError('InvalidParameter', 'continue: the token is not one this server handed out (start the list again without it)');
}

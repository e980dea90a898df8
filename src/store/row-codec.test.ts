// The readers and the binder compiled from the column list: every field of an event goes to its
// own column and comes back from it, nested where the event has it, in the column list's order.
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../model/event.js';
import { dedupKey64, type MergedWrite } from './batch.js';
import { EVENT_COLUMN_LIST, EVENT_TABLE, FIELD_COLUMNS, VIEW_COLUMNS, VIEW_TABLE, WRITTEN_TABLE } from './columns.js';
import { bindWrite, DEDUP_KEY_AT, fromValues, viewFromValues, WRITE_COLUMN_LIST } from './row-codec.js';

/** A write whose every string is its own (named after its field) and every number too. */
function write(fieldPath?: string): MergedWrite {
  return {
    key: 'k',
    dedupKey: dedupKey64('k'),
    account: 'account',
    name: 'name',
    namespace: 'namespace',
    uid: 'uid',
    involvedObject: {
      apiVersion: 'apiVersion',
      kind: 'kind',
      name: 'objName',
      namespace: 'objNamespace',
      uid: 'objUid',
      ...(fieldPath !== undefined && { fieldPath }),
    },
    containerGroupId: 'containerGroupId',
    reason: 'reason',
    message: 'message',
    type: 'Warning',
    source: { component: 'component', host: 'host' },
    reportingComponent: 'reportingComponent',
    reportingInstance: 'reportingInstance',
    count: 3,
    firstTimestamp: 11,
    lastTimestamp: 12,
  };
}

const stored = (fieldPath?: string): StoredEvent => ({
  account: 'account',
  name: 'name',
  namespace: 'namespace',
  uid: 'uid',
  resourceVersion: 7,
  involvedObject: { apiVersion: 'apiVersion', kind: 'kind', name: 'objName', namespace: 'objNamespace', uid: 'objUid', ...(fieldPath && { fieldPath }) },
  containerGroupId: 'containerGroupId',
  reason: 'reason',
  message: 'message',
  type: 'Warning',
  count: 3,
  firstTimestamp: 11,
  lastTimestamp: 12,
  source: { component: 'component', host: 'host' },
  reportingComponent: 'reportingComponent',
  reportingInstance: 'reportingInstance',
  createdVersion: 7,
});

describe('event rows by column name', () => {
  it('binds each field of a write to its column, the version to the stamped ones, the dedup key last', () => {
    const params: unknown[] = new Array(WRITE_COLUMN_LIST.length);
    bindWrite(params, write('spec.containers{app}'), 7);
    const byName = Object.fromEntries(WRITE_COLUMN_LIST.map((c, i) => [c, params[i]]));
    expect(byName).toEqual({
      account: 'account',
      name: 'name',
      namespace: 'namespace',
      uid: 'uid',
      version: 7,
      obj_api_version: 'apiVersion',
      obj_kind: 'kind',
      obj_name: 'objName',
      obj_namespace: 'objNamespace',
      obj_uid: 'objUid',
      obj_field_path: 'spec.containers{app}',
      container_group_id: 'containerGroupId',
      reason: 'reason',
      message: 'message',
      type: 'Warning',
      count: 3,
      first_ts: 11,
      last_ts: 12,
      source_component: 'component',
      source_host: 'host',
      reporting_component: 'reportingComponent',
      reporting_instance: 'reportingInstance',
      created_version: 7,
      dedup_key: dedupKey64('k'),
    });
    expect(DEDUP_KEY_AT).toBe(WRITE_COLUMN_LIST.indexOf('dedup_key'));
    expect(WRITTEN_TABLE.map((c) => c.name)).not.toContain('version');
  });

  it('reads back what it bound: the event as stored, an empty field path as none', () => {
    const params: unknown[] = new Array(WRITE_COLUMN_LIST.length);
    bindWrite(params, write('spec.containers{app}'), 7);
    expect(fromValues(params)).toEqual(stored('spec.containers{app}'));
    bindWrite(params, write(), 7);
    expect(params[EVENT_COLUMN_LIST.indexOf('obj_field_path')]).toBe('');
    const event = fromValues(params);
    expect(event).toEqual(stored());
    expect('fieldPath' in event.involvedObject).toBe(false);
  });

  it('reads integers given as decimal text (PostgreSQL bigint) as numbers', () => {
    const values = EVENT_TABLE.map((c, i) => (c.type === 'integer' ? String(1000 + i) : `t${i}`));
    const e = fromValues(values);
    expect(e.count).toBe(1000 + EVENT_COLUMN_LIST.indexOf('count'));
    expect(e.resourceVersion).toBe(1000 + EVENT_COLUMN_LIST.indexOf('version'));
    expect(e.source.host).toBe(`t${EVENT_COLUMN_LIST.indexOf('source_host')}`);
  });

  it('keeps the fields of a stored event in the order the hand-written reader had', () => {
    const params: unknown[] = new Array(WRITE_COLUMN_LIST.length);
    bindWrite(params, write('p'), 7);
    expect(JSON.stringify(fromValues(params))).toBe(JSON.stringify(stored('p')));
  });

  it('reads a view from its own columns: the event less its account, uid, versions and group', () => {
    const { account, uid, resourceVersion, createdVersion, containerGroupId, ...view } = stored('p');
    void [account, uid, resourceVersion, createdVersion, containerGroupId];
    const row = VIEW_TABLE.map((c) => {
      const params: unknown[] = new Array(WRITE_COLUMN_LIST.length);
      bindWrite(params, write('p'), 7);
      return params[EVENT_TABLE.indexOf(c)];
    });
    expect(viewFromValues(row)).toEqual(view);
    expect(VIEW_COLUMNS.split(', ')).toHaveLength(18);
  });

  it('names a column for every field a selector matches, and the literal empty string for the one never stored', () => {
    for (const [field, column] of Object.entries(FIELD_COLUMNS)) {
      if (field === 'involvedObject.resourceVersion') expect(column).toBe("''");
      else expect(EVENT_COLUMN_LIST, field).toContain(column);
    }
    expect(FIELD_COLUMNS.source).toBe('source_component');
  });
});

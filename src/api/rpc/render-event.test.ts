// DescribeContainerGroupEvents' event, declared once as EVENT_JSON_SHAPE: its wire form as the SDK
// reads it, and the two ways it is made, the store's JSON text (SQLite: the backend that has
// newestPerGroupJson) and renderEvent from an event in memory (PostgreSQL), the same byte for byte.
import { describe, expect, it } from 'vitest';
import { BACKENDS, freshStorePerTest } from '../../../test/support/backends.js';
import { eventWrite } from '../../../test/support/event-write.js';
import { EVENT_JSON_SHAPE, renderEvent } from './render-event.js';

const T0 = Date.UTC(2026, 10, 1) * 1000;

describe('renderEvent', () => {
  it("gives the SDK's names and shapes: PascalCase, involvedObject, times in RFC 3339 seconds", () => {
    const e = eventWrite('a', T0 + 2_500_000, { count: 2, firstTimestamp: T0 });
    expect(renderEvent(e)).toEqual({
      Count: 2,
      Type: e.type,
      Reason: e.reason,
      Message: e.message,
      FirstTimestamp: '2026-11-01T00:00:00Z',
      LastTimestamp: '2026-11-01T00:00:02Z',
      Metadata: { Name: e.name, Namespace: e.namespace },
      involvedObject: {
        ApiVersion: e.involvedObject.apiVersion,
        Kind: e.involvedObject.kind,
        Name: e.involvedObject.name,
        Namespace: e.involvedObject.namespace,
        Uid: e.involvedObject.uid,
      },
      Source: { Component: e.source.component, Host: e.source.host },
      ReportingComponent: e.reportingComponent,
      ReportingInstance: e.reportingInstance,
    });
  });
});

for (const backend of BACKENDS.filter((b) => b.name === 'sqlite')) {
  describe.skipIf(!backend.available)(`EVENT_JSON_SHAPE: ${backend.name}`, () => {
    const fresh = freshStorePerTest(backend);

    it('is the same text whether the store writes it or renderEvent makes it', async () => {
      await fresh.store.record([
        eventWrite('a', T0 + 1_234_567, { count: 3, firstTimestamp: T0, message: 'Pulling image "nginx:1.25"\n' }),
        eventWrite('b', T0 + 2_000_000, {
          type: 'Normal',
          reason: 'Started',
          involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'cg-1', namespace: 'team', uid: 'eci-1', fieldPath: 'spec.containers{app}' },
          source: { component: 'kubelet', host: 'virtual-kubelet-cn-hangzhou-k' },
          reportingComponent: 'kubelet',
          reportingInstance: 'vk-1',
        }),
      ]);
      const account = { account: 'acct-1' };
      const views = (await fresh.store.newestPerGroup(['eci-1'], 50, account)).get('eci-1')!;
      const texts = (await fresh.store.newestPerGroupJson!(['eci-1'], 50, account, EVENT_JSON_SHAPE)).get('eci-1')!;
      expect(views).toHaveLength(2);
      expect(texts.json).toBe(JSON.stringify(views.map(renderEvent)));
    });
  });
}

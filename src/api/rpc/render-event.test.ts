// DescribeContainerGroupEvents sends the store's text of EVENT_JSON_SHAPE where it once sent
// renderEvent's objects: the two must be the same answer, byte for byte (SQLite: the backend that
// has newestPerGroupJson).
import { describe, expect, it } from 'vitest';
import { BACKENDS, freshStorePerTest } from '../../../test/support/backends.js';
import { eventWrite } from '../../../test/support/event-write.js';
import { EVENT_JSON_SHAPE, renderEvent } from './render-event.js';

const T0 = Date.UTC(2026, 10, 1) * 1000;

for (const backend of BACKENDS.filter((b) => b.name === 'sqlite')) {
  describe.skipIf(!backend.available)(`EVENT_JSON_SHAPE: ${backend.name}`, () => {
    const fresh = freshStorePerTest(backend);

    it('is renderEvent, key for key, as the store writes it', async () => {
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

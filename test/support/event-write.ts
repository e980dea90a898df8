// One store write for tests: the event `key` of container group eci-1 in account acct-1, a
// Warning NoStock from EciService last seen at `at`. Suites override only what they test.
import type { Micros } from '../../src/model/event.js';
import type { EventWrite } from '../../src/store/event-store.js';

export function eventWrite(key: string, at: Micros, over: Partial<EventWrite> = {}): EventWrite {
  return {
    account: 'acct-1',
    key,
    name: `ev-${key}`,
    namespace: 'default',
    uid: `uid-${key}`,
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'cg-1', namespace: 'default', uid: 'eci-1' },
    containerGroupId: 'eci-1',
    reason: 'NoStock',
    message: `message of ${key}`,
    type: 'Warning',
    source: { component: 'EciService', host: '' },
    reportingComponent: 'EciService',
    reportingInstance: '',
    count: 1,
    firstTimestamp: at,
    lastTimestamp: at,
    ...over,
  };
}

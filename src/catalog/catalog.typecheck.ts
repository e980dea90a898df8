// Compile-time checks of the typed catalog: `npm run typecheck` fails if any line marked
// expect-error marker compiles, or if a valid line does not.
import { renderReason, type ArgsFor } from './index.js';

renderReason('NoStock', ['zone cn-hangzhou-k']);
renderReason('MemoryReservationAdded', []);
renderReason('ImageCacheCapacityUtilization', ['1', '2']);
renderReason('Throttling', []);
renderReason('Throttling', ['user']);
renderReason('OOMKilled', []);
renderReason('OOMKilled', ['Memory cgroup out of memory: Kill process 1 (a) score 1 or sacrifice child']);

// @ts-expect-error an unknown reason
renderReason('NoSuchReason', []);
// @ts-expect-error NoStock has one slot
renderReason('NoStock', []);
// @ts-expect-error NoStock has one slot
renderReason('NoStock', ['a', 'b']);
// @ts-expect-error two slots
renderReason('ImageCacheCapacityUtilization', ['1']);
// @ts-expect-error Throttling takes zero or one
renderReason('Throttling', ['a', 'b']);
// @ts-expect-error arguments are strings
renderReason('NoStock', [1]);

const oneSlot: ArgsFor<'EipNotFound'> = ['eip-1'];
void oneSlot;

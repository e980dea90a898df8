import { describe, expect, it } from 'vitest';
import { parseKernelLine } from './kmsg-record.js';

describe('parseKernelLine: the kernel text of a line, in each form a kernel log is saved', () => {
  it.each([
    ['a /dev/kmsg record', '6,1234,345678901,-;nfs: server a not responding', { text: 'nfs: server a not responding', tsMicros: 345678901 }],
    ['a dmesg line', '[  345.678901] nfs: server a not responding', { text: 'nfs: server a not responding', tsMicros: 345678901 }],
    ['a dmesg line of fewer digits', '[ 12.5] x', { text: 'x', tsMicros: 12500000 }],
    ['a syslog line', 'Dec  7 12:00:00 node-1 kernel: nfs: server a not responding', { text: 'nfs: server a not responding' }],
    ['a syslog line with the kernel time', 'Dec  7 12:00:00 node-1 kernel: [    1.000002] x', { text: 'x', tsMicros: 1000002 }],
    ['a journal line', '2026-12-07T12:00:01+0000 node-1 kernel: x y', { text: 'x y' }],
    ['any other line', 'BUG: soft lockup - CPU#2 stuck for 22s!', { text: 'BUG: soft lockup - CPU#2 stuck for 22s!' }],
  ])('%s', (_what, line, want) => {
    expect(parseKernelLine(line)).toEqual(want);
  });

  it("skips a record's dictionary lines and empty lines", () => {
    expect([parseKernelLine(' SUBSYSTEM=pci'), parseKernelLine(''), parseKernelLine('   ')]).toEqual([undefined, undefined, undefined]);
  });
});

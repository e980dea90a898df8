import { readFileSync } from 'node:fs';

/** CPU seconds (user and system) a running process of this machine has used so far. */
export function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime stime, in USER_HZ ticks
}

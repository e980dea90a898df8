import { readFileSync } from 'node:fs';

/** CPU seconds (user and system) a running process of this machine has used so far. */
export function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime stime, in USER_HZ ticks
}

/**
 * CPU seconds (user and system) of a running process's main thread alone: for Node, the thread
 * that runs JavaScript and answers requests, without its worker threads (the SQLite write thread,
 * the JIT and garbage collector's helpers).
 */
export function mainThreadCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Seconds a running process's main thread (Node's JavaScript thread, a PostgreSQL backend) has
 * spent ready to run but waiting for a CPU, the kernel's run-queue delay (/proc/PID/schedstat):
 * on a machine others load, the part of its time that went to the others rather than to waiting
 * on its own I/O or locks.
 */
export function processRunQueueSeconds(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
}

// CPU of the PostgreSQL server's processes on this machine, read from /proc while a run goes on:
// the backends of one database (a replica's pool connections), and the server's own background
// processes (WAL writer, checkpointer...), which also work for every other database on it.
import { readdirSync, readFileSync } from 'node:fs';
import { processCpuSeconds, processRunQueueSeconds } from './process-cpu.js';

/** Backends come and go with the pools: sampled this often, a backend's last 0.5 s may be lost. */
const SAMPLE_MS = 500;

interface Times {
  cpu: number;
  runQueue: number;
}
interface Seen {
  kind: 'database' | 'server';
  base: Times;
  last: Times;
}

const times = (pid: number): Times => ({ cpu: processCpuSeconds(pid), runQueue: processRunQueueSeconds(pid) });
const ZERO: Times = { cpu: 0, runQueue: 0 };

export interface PostgresCpu {
  /** CPU seconds of the database's backends over the run. */
  databaseSeconds: number;
  /** Seconds the database's backends waited for a CPU while ready to run. */
  databaseRunQueueSeconds: number;
  backends: number;
  /** CPU seconds of the server's background processes (shared with other databases' work). */
  serverSeconds: number;
}

function parentOf(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
}

/** The server's main process: the parent of a backend, read while that backend's connection is open. */
export function postmasterOf(backendPid: number): number {
  return parentOf(backendPid);
}

/** A PostgreSQL process's title: "postgres: 15/main: USER DATABASE HOST(PORT) STATE", "...: walwriter". */
function titleOf(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
}

export class PostgresCpuSampler {
  private readonly seen = new Map<number, Seen>();
  /** Backends of other databases (other work on the same server): not counted. */
  private readonly elsewhere = new Set<number>();
  private timer: NodeJS.Timeout | undefined;

  /** `postmaster`: the server's main process, see postmasterOf. */
  constructor(
    private readonly postmaster: number,
    private readonly database: string,
  ) {}

  start(): void {
    this.scan(true);
    this.timer = setInterval(() => this.scan(false), SAMPLE_MS);
  }

  stop(): PostgresCpu {
    clearInterval(this.timer);
    this.scan(false);
    const out: PostgresCpu = { databaseSeconds: 0, databaseRunQueueSeconds: 0, backends: 0, serverSeconds: 0 };
    for (const s of this.seen.values()) {
      if (s.kind === 'database') {
        out.databaseSeconds += s.last.cpu - s.base.cpu;
        out.databaseRunQueueSeconds += s.last.runQueue - s.base.runQueue;
        out.backends++;
      } else out.serverSeconds += s.last.cpu - s.base.cpu;
    }
    return out;
  }

  private scan(atStart: boolean): void {
    for (const entry of readdirSync('/proc')) {
      const pid = Number(entry);
      if (!Number.isInteger(pid) || this.elsewhere.has(pid)) continue;
      try {
        const known = this.seen.get(pid);
        if (known) {
          known.last = times(pid);
          continue;
        }
        if (parentOf(pid) !== this.postmaster) continue;
        const title = titleOf(pid);
        // Just forked, not yet titled: it is looked at again next time.
        if (!title.startsWith('postgres: ')) continue;
        const words = title.split(' ');
        // Client backends name their database and client address; background processes neither.
        const client = words.some((w) => w.includes('(') || w === '[local]');
        if (client && !words.includes(this.database)) {
          this.elsewhere.add(pid);
          continue;
        }
        const now = times(pid);
        // One that started during the run spent all of its CPU in it.
        this.seen.set(pid, { kind: client ? 'database' : 'server', base: atStart ? now : ZERO, last: now });
      } catch {
        // Gone between the listing and the read.
      }
    }
  }
}

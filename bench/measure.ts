/** The process's peak resident set so far, in bytes (getrusage's maxrss is in KiB). */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export interface Timing {
  /** Wall-clock seconds. */
  seconds: number;
  /** CPU seconds of this process (user + system) over the same span; the database server's are not in it. */
  cpuSeconds: number;
}

/** Starts timing; the returned function stops it. */
export function stopwatch(): () => Timing {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { seconds: (performance.now() - wall) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
  };
}

/** Time summed over the timed spans only (the anchor's rows are made between its transactions, untimed). */
export class TimedSpans {
  seconds = 0;
  cpuSeconds = 0;

  async time<T>(fn: () => T | Promise<T>): Promise<T> {
    const stop = stopwatch();
    try {
      return await fn();
    } finally {
      const t = stop();
      this.seconds += t.seconds;
      this.cpuSeconds += t.cpuSeconds;
    }
  }
}

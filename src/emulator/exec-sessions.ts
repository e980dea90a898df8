// ExecContainerCommand without Sync: a session that the caller opens within EXEC_SESSION_TTL of
// the call (ECI: "在 30 秒内访问该地址"), once. Opened, it runs the command in the container on the
// service's clock: each write when its sleeps have passed, then the exit.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../model/clock.js';
import type { Micros } from '../model/event.js';
import { runScript } from './container-fate.js';
import type { Cancel, Scheduler } from './scheduler.js';
import type { OutputEnv } from './script-output.js';

/** How long a session waits to be opened, on the service's clock. */
export const EXEC_SESSION_TTL: Micros = 30_000_000;
/** Sessions waiting at once; the oldest goes first past this. */
export const MAX_PENDING_EXEC_SESSIONS = 1000;

export interface ExecSink {
  write(text: string): void;
  /** The command exited with this status; nothing more is written. */
  exit(code: number, command: readonly string[]): void;
}

interface Pending {
  command: string[];
  env: OutputEnv;
  /** Whether the container is still running (checked when the session is opened). */
  running: () => boolean;
  expires: Micros;
}

export class ExecSessions {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
  ) {}

  /** A new session for a command in a running container: its token. */
  create(command: readonly string[], env: OutputEnv, running: () => boolean): string {
    const now = this.clock.now();
    for (const [token, p] of this.pending) if (p.expires <= now) this.pending.delete(token);
    while (this.pending.size >= MAX_PENDING_EXEC_SESSIONS) this.pending.delete(this.pending.keys().next().value!);
    const token = randomBytes(18).toString('base64url');
    this.pending.set(token, { command: [...command], env, running, expires: now + EXEC_SESSION_TTL });
    return token;
  }

  /**
   * Opens a session: runs its command into `sink`. Undefined when the token is unknown, used,
   * expired, or the container stopped running meanwhile. The result cancels what is still to come.
   */
  open(token: string, sink: ExecSink): Cancel | undefined {
    const p = this.pending.get(token);
    this.pending.delete(token);
    if (!p || p.expires <= this.clock.now() || !p.running()) return undefined;
    const { fate, writes } = runScript(p.command, [], p.env);
    const timers: Cancel[] = [];
    const text = (w: (typeof writes)[number]) => (typeof w.text === 'string' ? w.text : w.text(this.clock.now()));
    for (const w of writes) {
      if (w.after <= 0) sink.write(text(w));
      else timers.push(this.scheduler.after(w.after, () => sink.write(text(w))));
    }
    if (fate.kind === 'exits') {
      if (fate.after <= 0) sink.exit(fate.exitCode, p.command);
      else timers.push(this.scheduler.after(fate.after, () => sink.exit(fate.exitCode, p.command)));
    }
    return () => timers.forEach((c) => c());
  }
}

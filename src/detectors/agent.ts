// The agent: rule files → sources → matches → attribution → spool → service. It composes the
// parts; the HTTP call itself (signed as the SDK signs) is given by whoever starts it.
import { access, constants, readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { systemClock, type Clock } from '../model/clock.js';
import type { Micros } from '../model/event.js';
import { AgentState } from './agent-state.js';
import { Attributor } from './attribution/attributor.js';
import { WatchedMap } from './attribution/map-file.js';
import { idempotencyKey } from './delivery/record.js';
import { Sender, type Post } from './delivery/sender.js';
import { Spool } from './delivery/spool.js';
import { LogPipeline, type Occurrence } from './log-pipeline.js';
import { buildReport } from './report.js';
import type { CompiledDiskFile, CompiledDiskRule, CompiledLogRule, CompiledRuleFile, LogSourceSpec } from './rules/compiled.js';
import { renderTemplate } from './rules/template.js';
import { bootId } from './sources/kmsg-device.js';
import { DiskWatcher, type DiskUsage } from './sources/disk.js';

/** How often the sources' positions are saved (and before acknowledged spool segments go). */
const STATE_SAVE_MS = 1000;
/** How long stopping waits for a source to finish its read, and for a request in flight. */
const STOP_WAIT_MS = 2000;

export interface AgentOptions {
  rules: readonly CompiledRuleFile[];
  spoolDir: string;
  spoolMaxBytes?: number;
  post: Post;
  host: string;
  defaultGroup?: string;
  mapFile?: string;
  /** Read this instead of every kmsg rule file's path (a kmsg-format file, for replay and tests). */
  kmsgPath?: string;
  cgroupPattern?: RegExp;
  procRoot?: string;
  stdin?: Readable;
  sendBatch?: number;
  clock?: Clock;
  log: (message: string) => void;
}

async function bootTimeMicros(clock: Clock): Promise<Micros> {
  const uptime = Number((await readFile('/proc/uptime', 'utf8').catch(() => '0')).split(' ')[0]);
  return clock.now() - Math.round(uptime * 1e6);
}

/** One pipeline per distinct source, with the rules of every file that names it. */
function groupSources(files: readonly CompiledRuleFile[], kmsgPath: string | undefined): Map<string, { spec: LogSourceSpec; rules: CompiledLogRule[] }> {
  const out = new Map<string, { spec: LogSourceSpec; rules: CompiledLogRule[] }>();
  for (const f of files) {
    if (f.kind !== 'log') continue;
    const spec = f.source.kind === 'kmsg' && kmsgPath ? { ...f.source, path: kmsgPath } : f.source;
    const id = spec.kind === 'stdin' ? 'stdin' : `${spec.kind}:${spec.path}`;
    const entry = out.get(id) ?? out.set(id, { spec, rules: [] }).get(id)!;
    entry.rules.push(...f.rules);
  }
  return out;
}

export class Agent {
  private readonly pipelines: LogPipeline[] = [];
  private readonly disks: DiskWatcher[] = [];
  private readonly running: Array<Promise<void>> = [];
  private senderDone: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;

  private constructor(
    private readonly options: AgentOptions,
    private readonly clock: Clock,
    private readonly state: AgentState,
    readonly spool: Spool,
    private readonly sender: Sender,
    private readonly attributor: Attributor,
  ) {}

  static async start(options: AgentOptions): Promise<Agent> {
    const clock = options.clock ?? systemClock;
    const sources = groupSources(options.rules, options.kmsgPath);
    for (const [id, { spec }] of sources) {
      if (spec.kind === 'stdin') continue;
      // A file not there yet is waited for; one there but unreadable is a mistake to say now.
      await access(spec.path!, constants.R_OK).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw new Error(`${id}: ${err.message}`);
      });
    }
    const map = new WatchedMap(options.mapFile, options.log);
    const state = new AgentState(options.spoolDir.replace(/\/+$/, '') || '/');
    // eslint-disable-next-line prefer-const -- assigned below, but the spool may call back before then
    let agent: Agent | undefined;
    const spool = await Spool.open(options.spoolDir, { maxBytes: options.spoolMaxBytes, log: options.log, beforeDelete: async () => agent?.state.save() });
    const sender = new Sender(spool, options.post, { batch: options.sendBatch, log: options.log });
    const attributor = new Attributor({
      map,
      host: options.host,
      defaultGroup: options.defaultGroup,
      cgroupPattern: options.cgroupPattern,
      procRoot: options.procRoot,
    });
    agent = new Agent(options, clock, state, spool, sender, attributor);
    await agent.begin(sources);
    return agent;
  }

  private async begin(sources: ReturnType<typeof groupSources>): Promise<void> {
    const deps = {
      state: this.state,
      emit: (o: Occurrence) => this.emitLine(o),
      log: this.options.log,
      now: () => this.clock.now(),
      bootId: await bootId(),
      bootTimeMicros: await bootTimeMicros(this.clock),
      stdin: this.options.stdin,
    };
    for (const [id, { spec, rules }] of sources) {
      this.pipelines.push(new LogPipeline(id, spec, rules, { ...deps, spooled: this.spool.recovered.get(id) }));
    }
    for (const f of this.options.rules) if (f.kind === 'disk') this.disks.push(this.diskWatcher(f));
    this.timer = setInterval(() => this.save(), STATE_SAVE_MS);
    this.senderDone = this.sender.run().catch((err) => this.options.log(`sending stopped: ${(err as Error).message}`));
    for (const p of this.pipelines) this.running.push(this.watch(p.id, p.run()));
    for (const d of this.disks) this.running.push(this.watch('disk', d.run()));
  }

  /** A source that fails is said; the others go on. */
  private watch(id: string, run: Promise<void>): Promise<void> {
    return run.catch((err: Error) => {
      if (!this.stopping) this.options.log(`${id} stopped: ${err.message}`);
    });
  }

  get sources(): string[] {
    return [...this.pipelines.map((p) => p.id), ...this.disks.map(() => 'disk')];
  }

  private async emitLine(o: Occurrence): Promise<{ written: Promise<void> }> {
    const rule = o.match.rule;
    const subject = await this.attributor.subject(o.match.captures, rule.attribution);
    const key = idempotencyKey([this.options.host, rule.name, ...o.keyParts]);
    const report = buildReport({
      reason: rule.reason,
      type: rule.type,
      component: rule.component,
      message: o.match.message,
      time: o.time,
      subject,
      host: this.options.host,
      key,
    });
    return { written: this.spool.append({ report, ...(o.mark ? { mark: o.mark } : {}) }) };
  }

  private diskWatcher(file: CompiledDiskFile): DiskWatcher {
    return new DiskWatcher(file, {
      fired: this.state.diskFull,
      log: this.options.log,
      onFull: (rule, usage) => this.emitDisk(rule, usage),
      onRoom: () => this.state.markDisk(),
    });
  }

  private async emitDisk(rule: CompiledDiskRule, usage: DiskUsage): Promise<void> {
    const time = this.clock.now();
    const message = renderTemplate(rule.message, {
      path: rule.path,
      usedPercent: String(usage.usedPercent),
      freeBytes: String(usage.freeBytes),
      totalBytes: String(usage.totalBytes),
    });
    const key = idempotencyKey([this.options.host, rule.name, 'disk', rule.path, time]);
    const subject = this.attributor.fixed(rule.group, rule.container);
    await this.spool.append({
      report: buildReport({ reason: rule.reason, type: rule.type, component: rule.component, message, time, subject, host: this.options.host, key }),
    });
    this.state.diskFull.add(rule.name);
    this.state.markDisk();
    this.state.save(); // fired: not again after a restart while the disk is still full
  }

  private save(): void {
    try {
      this.state.save();
    } catch (err) {
      this.options.log(`cannot save the agent's state: ${(err as Error).message}`);
    }
  }

  /** Resolves when every source has ended (only standard input ends) and the spool is empty. */
  async idle(): Promise<void> {
    await Promise.all(this.running);
    await this.spool.drained();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const p of this.pipelines) p.stop();
    for (const d of this.disks) d.stop();
    // A source waiting for room in a full spool would wait for ever: closing the spool refuses its
    // append, and its position stays before that line, to be read again next time.
    await Promise.race([Promise.all(this.running), new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
    clearInterval(this.timer);
    this.save();
    this.sender.stop();
    await this.spool.close();
    // A request in flight is not waited for long: its reports are in the spool for next time.
    await Promise.race([this.senderDone, new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
  }
}

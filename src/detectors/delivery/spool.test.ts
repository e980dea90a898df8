// The spool: what is appended is read back in order until acknowledged, across reopening (a
// restart), with a torn last line cut off; acknowledged segments go; a full spool makes appends
// wait, says so once, and takes them when room is made.
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SpoolRecord } from './record.js';
import { Spool } from './spool.js';
import { segmentPath } from './spool-files.js';

const rec = (i: number, source = 'file:/var/log/messages'): SpoolRecord => ({
  report: {
    object: { kind: 'Pod', name: 'cg', namespace: 'default', uid: 'eci-1' },
    reason: 'OOMKilled',
    args: [`line ${i}`],
    source: { component: 'EciService', host: 'h' },
    reportingComponent: 'eci-events-agent',
    reportingInstance: 'h',
    timestamp: '2026-01-01T00:00:00Z',
    idempotencyKey: `k${i}`,
  },
  mark: { source, epoch: '1:2', position: i * 10 },
});
const keys = (records: SpoolRecord[]) => records.map((r) => r.report.idempotencyKey);

describe('Spool', () => {
  let dir: string;
  let spools: Spool[];
  const open = async (options = {}) => {
    const s = await Spool.open(dir, options);
    spools.push(s);
    return s;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'eci-spool-'));
    spools = [];
  });
  afterEach(async () => {
    for (const s of spools) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives back what was appended, oldest first, until it is acknowledged', async () => {
    const s = await open();
    await Promise.all([1, 2, 3].map((i) => s.append(rec(i))));
    const first = (await s.next(2))!;
    expect(keys(first.records)).toEqual(['k1', 'k2']);
    expect(keys((await s.next(2))!.records)).toEqual(['k1', 'k2']); // not acknowledged: the same again
    await s.ack(first.end);
    expect(keys((await s.next(10))!.records)).toEqual(['k3']);
  });

  it("keeps unacknowledged records across a restart, cuts a torn last line, and recovers each source's last mark", async () => {
    const s = await open();
    for (const i of [1, 2, 3]) await s.append(rec(i));
    await s.append(rec(4, 'kmsg:/dev/kmsg'));
    await s.ack((await s.next(1))!.end);
    await s.close();
    appendFileSync(segmentPath(dir, 1), '{"report": {"object"'); // a crash in the middle of a write
    const again = await open();
    expect(again.recoveredRecords).toBe(3);
    expect(again.recovered.get('file:/var/log/messages')).toEqual({ source: 'file:/var/log/messages', epoch: '1:2', position: 30 });
    expect(again.recovered.get('kmsg:/dev/kmsg')?.position).toBe(40);
    expect(keys((await again.next(10))!.records)).toEqual(['k2', 'k3', 'k4']);
    await again.append(rec(5));
    const rest = (await again.next(10))!;
    expect(keys(rest.records)).toEqual(['k2', 'k3', 'k4', 'k5']);
  });

  it("starts new segments and deletes acknowledged ones (saving the agent's state first)", async () => {
    let saved = 0;
    const s = await open({ segmentBytes: 600, beforeDelete: async () => void saved++ });
    for (let i = 0; i < 12; i++) await s.append(rec(i));
    expect(s.segments().length).toBeGreaterThan(3);
    let got = 0;
    while (got < 12) {
      const batch = (await s.next(5))!;
      got += batch.records.length;
      await s.ack(batch.end);
    }
    expect(s.segments()).toHaveLength(1);
    expect(saved).toBeGreaterThan(0);
    expect(s.waitingBytes).toBe(0);
    await s.drained();
    expect(readdirSync(dir).sort()).toEqual(['acked', s.segments().map((n) => `segment-${String(n).padStart(10, '0')}.jsonl`)[0]]);
  });

  it('makes appends wait when full, says so once, and takes them when room is made', async () => {
    const log: string[] = [];
    const size = Buffer.byteLength(JSON.stringify(rec(1)) + '\n');
    const s = await open({ maxBytes: size * 2 + 10, log: (m: string) => log.push(m) });
    await s.append(rec(1));
    await s.append(rec(2));
    let third = false;
    const pending = s.append(rec(3)).then(() => (third = true));
    const fourth = s.append(rec(4));
    await new Promise((r) => setTimeout(r, 50));
    expect(third).toBe(false);
    expect(log).toEqual([
      expect.stringMatching(/^spool full: \d+ bytes of reports wait in .* \(limit \d+, --spool-max-bytes\); reading paused until the service takes some$/),
    ]);
    await s.ack((await s.next(1))!.end);
    await pending;
    expect(log[1]).toBe('spool has room again; reading resumed');
    await s.ack((await s.next(1))!.end);
    await fourth;
    expect(keys((await s.next(10))!.records)).toEqual(['k3', 'k4']);
  });

  it('refuses a record larger than the whole spool', async () => {
    const s = await open({ maxBytes: 100 });
    await expect(s.append(rec(1))).rejects.toThrow(/cannot fit a spool of 100/);
  });
});

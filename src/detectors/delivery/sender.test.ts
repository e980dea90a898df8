// The sender: the same batch (the same keys) again after any failure of the request, said once
// per spell; a report the service refuses on its merits is said and dropped, not resent forever.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IngestReport, SpoolRecord } from './record.js';
import { Sender, type PostAnswer } from './sender.js';
import { Spool } from './spool.js';

const rec = (i: number): SpoolRecord => ({
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
});
const ok = (reports: readonly IngestReport[], refuse: number[] = []): PostAnswer => ({
  status: 200,
  body: {
    results: reports.map((_, index) =>
      refuse.includes(index) ? { index, ok: false, error: { code: 'TooLong', message: 'message too long' } } : { index, ok: true },
    ),
  },
});

describe('Sender', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('resends the same keys until the service answers, and drops what it refuses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eci-sender-'));
    dirs.push(dir);
    const spool = await Spool.open(dir);
    for (const i of [1, 2, 3]) await spool.append(rec(i));
    const log: string[] = [];
    const calls: string[][] = [];
    const answers: Array<(r: readonly IngestReport[]) => PostAnswer> = [
      () => {
        throw Object.assign(new Error('fetch failed'), { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
      },
      () => {
        throw Object.assign(new Error('fetch failed'), { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
      },
      () => ({ status: 503, body: { error: { code: 'ServiceUnavailable', message: 'stopping' } } }),
      (r) => ok(r, [1]),
    ];
    const delivered: Array<[number, number]> = [];
    const sender = new Sender(
      spool,
      async (reports) => {
        calls.push(reports.map((r) => r.idempotencyKey));
        return answers[Math.min(calls.length - 1, answers.length - 1)]!(reports);
      },
      { minBackoffMs: 1, maxBackoffMs: 4, log: (m) => log.push(m), onDelivered: (a, r) => delivered.push([a, r]) },
    );
    const running = sender.run();
    await spool.drained();
    sender.stop();
    await spool.close();
    await running;
    expect(calls).toEqual([
      ['k1', 'k2', 'k3'],
      ['k1', 'k2', 'k3'],
      ['k1', 'k2', 'k3'],
      ['k1', 'k2', 'k3'],
    ]);
    expect(delivered).toEqual([[2, 1]]);
    expect(log).toEqual([
      'cannot deliver 3 reports, retrying with the same keys: no answer from the service: connect ECONNREFUSED 127.0.0.1:9',
      'cannot deliver 3 reports, retrying with the same keys: the service answered 503 ServiceUnavailable: stopping',
      'the service refused a OOMKilled report (TooLong: message too long); it is dropped: "line 2"',
      'the service answers again; sending what waited',
    ]);
  });

  it('draws its pauses from its random source (full jitter): drawn at 0, a 60 s ceiling costs no wait', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eci-sender-'));
    dirs.push(dir);
    const spool = await Spool.open(dir);
    await spool.append(rec(1));
    let calls = 0;
    const draws: number[] = [];
    const sender = new Sender(
      spool,
      async (reports) => {
        if (++calls <= 3) return { status: 503, body: {} };
        return ok(reports);
      },
      { minBackoffMs: 60_000, maxBackoffMs: 60_000, random: () => (draws.push(0), 0) },
    );
    const started = Date.now();
    const running = sender.run();
    await spool.drained();
    sender.stop();
    await spool.close();
    await running;
    expect([calls, draws.length]).toEqual([4, 3]);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

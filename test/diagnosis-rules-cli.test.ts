// `serve --diagnosis-rules FILE`: a bad rule file stops serve before it listens, every problem
// listed; a good one is what the diagnosis route reasons by.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startServe } from './support/cli.js';
import { signedJson, TEST_KEY_FLAGS } from './support/signed-fetch.js';

const dir = mkdtempSync(join(tmpdir(), 'eci-diagnosis-rules-'));
const SHIPPED = JSON.parse(readFileSync(new URL('../rules/diagnosis/causes.json', import.meta.url), 'utf8')) as { rules: Array<Record<string, unknown>> };

describe('serve --diagnosis-rules', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a bad rule file before listening, with every problem', () => {
    const file = join(dir, 'bad.json');
    const rules = SHIPPED.rules.filter((r) => r.reason !== 'NoStock');
    rules.push({ name: 'typo', reason: 'NoStok', role: 'info' });
    writeFileSync(file, JSON.stringify({ rules }));
    const r = runCli(['serve', '--db', ':memory:', '--port', '0', '--diagnosis-rules', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--diagnosis-rules: not a valid rule file:');
    expect(r.stderr).toContain(`${file}: rule "typo": reason "NoStok" is not in the catalog`);
    expect(r.stderr).toContain(
      `${file}: catalog row NoStock "Create ECI failed because the specified instance is out of stock. %s": no rule without \`when\` covers it`,
    );
    expect(r.stdout).not.toContain('listening');
    const missing = runCli(['serve', '--db', ':memory:', '--port', '0', '--diagnosis-rules', join(dir, 'none.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--diagnosis-rules: not a valid rule file:\n {2}- cannot read the diagnosis rules: ENOENT/);
  });

  it('reasons by the rules it was given', async () => {
    const file = join(dir, 'mine.json');
    const rules = SHIPPED.rules.map((r) =>
      r.name === 'oom-killed' ? { ...r, title: 'Out of memory in {container|some container}', remedy: 'Ask the platform team.' } : r,
    );
    writeFileSync(file, JSON.stringify({ rules }));
    const serve = await startServe(['--db', ':memory:', '--diagnosis-rules', file, ...TEST_KEY_FLAGS]);
    try {
      const ingest = await signedJson(serve.url, 'POST', '/v1/ingest', {
        reports: [{ object: { name: 'w', uid: 'eci-rules00000000000001' }, reason: 'OOMKilled', args: ['oom'] }],
      });
      expect(ingest.status, ingest.text).toBe(200);
      const d = await signedJson(serve.url, 'GET', '/v1/groups/eci-rules00000000000001/diagnosis');
      expect(d.status, d.text).toBe(200);
      expect(d.body.causes.map((c: { title: string; remedy: string }) => [c.title, c.remedy])).toEqual([
        ['Out of memory in some container', 'Ask the platform team.'],
      ]);
    } finally {
      serve.child.kill();
    }
  });
});

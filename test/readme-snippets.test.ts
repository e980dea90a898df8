// The README's SDK snippets run as pasted: each is taken literally from its fenced block (found by
// the HTML comment that names it), saved under that name in a fresh folder that has the SDK, and
// run with `node` against a service started as a user starts it the first time, with the
// variables its banner printed. The banner prints the same text (src/cli/sdk-snippets.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SDK_SNIPPET_CJS, SDK_SNIPPET_ESM } from '../src/cli/sdk-snippets.js';
import { ROOT, runCli } from './support/cli.js';
import { startFirstServe, stop, type FirstStart } from './support/first-start.js';

/** Every `<!-- snippet: NAME -->` of the README with the fenced block right after it. */
function readmeSnippets(): Map<string, string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^<!-- snippet: (\S+) -->\n```\w*\n([\s\S]*?)^```$/gm)];
  return new Map(blocks.map((m) => [m[1]!, m[2]!]));
}

/** Runs `text` saved as `file` in a new folder whose node_modules is this repository's (the SDK is there). */
function runSnippet(file: string, text: string, env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'eci-snippet-'));
  try {
    // A package without "type", as `npm init -y` makes: .js is CommonJS there, as by default.
    writeFileSync(join(dir, 'package.json'), '{ "name": "first-hour", "private": true }\n');
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, file), text);
    const r = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, ...env }, timeout: 30_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the README's SDK snippets", () => {
  const snippets = readmeSnippets();
  let dir: string;
  let server: FirstStart;
  let groupId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eci-first-hour-'));
    server = await startFirstServe(['--db', join(dir, 'events.db')]);
    const created = runCli(['groups', 'create', 'web', '--image', 'nginx'], server.env);
    expect(created.status, created.stderr).toBe(0);
    groupId = /eci-\w+/.exec(created.stdout)![0];
    // Running (a time-scaled second or so): its Started event is stored.
    // 60 s: reached only on a real failure, even on a loaded machine.
    const started = () => runCli(['events', '--ids', groupId], server.env).stdout.includes('Started');
    for (const deadline = Date.now() + 60_000; !started() && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 200));
    expect(started(), `${groupId} never started`).toBe(true);
  });

  afterAll(async () => {
    if (server) await stop(server.child);
    rmSync(dir, { recursive: true, force: true });
  });

  it("are the ES module and CommonJS texts that serve's banner and the source hold, word for word", () => {
    expect([...snippets.keys()]).toEqual(['describe-events.mjs', 'describe-events.cjs']);
    expect(snippets.get('describe-events.mjs')).toBe(SDK_SNIPPET_ESM);
    expect(snippets.get('describe-events.cjs')).toBe(SDK_SNIPPET_CJS);
    expect(server.output()).toContain(SDK_SNIPPET_ESM.trimEnd());
  });

  it('gave, in the banner, the three variables the snippets read', () => {
    expect(Object.keys(server.env).sort()).toEqual(['ECI_EVENTS_ACCESS_KEY_ID', 'ECI_EVENTS_ACCESS_KEY_SECRET', 'ECI_EVENTS_ENDPOINT']);
    expect(server.env.ECI_EVENTS_ENDPOINT).toBe(server.url);
  });

  for (const [file, snippet] of [
    ['describe-events.mjs', 'describe-events.mjs'],
    ['describe-events.cjs', 'describe-events.cjs'],
    ['describe-events.js', 'describe-events.cjs'],
  ] as const) {
    it(`${snippet} runs as pasted, saved as ${file}, and prints the group's events`, () => {
      const r = runSnippet(file, snippets.get(snippet)!, server.env);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines).toContain(`${groupId} Normal Started x1 Started container web`);
      expect(lines).toContain(`${groupId} Normal Pulling x1 Pulling image "nginx"`);
      expect(lines.find((l) => l.includes(' Scheduled '))).toMatch(new RegExp(`^${groupId} Normal Scheduled x1 Successfully assigned default/web to `));
    });
  }

  it("fail loudly with a wrong key (the SDK's error, exit code 1)", () => {
    const r = runSnippet('describe-events.mjs', snippets.get('describe-events.mjs')!, { ...server.env, ECI_EVENTS_ACCESS_KEY_SECRET: 'wrong' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/SignatureDoesNotMatch/);
  });
});

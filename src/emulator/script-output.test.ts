import { describe, expect, it } from 'vitest';
import { runScript } from './container-fate.js';

const S = 1_000_000;
const env = { hostname: 'web-1', image: 'busybox', cpus: 2 };
const text = (commands: string[], args: string[] = [], e = env) =>
  runScript(commands, args, e).writes.map((w) => ({
    after: w.after,
    text: typeof w.text === 'string' ? w.text : w.text(Date.UTC(2024, 0, 2, 3, 4, 5) * 1000),
  }));

describe('what a script writes', () => {
  it('echo writes its words and a new line; -n leaves the line open; -e reads escapes', () => {
    expect(text(['sh', '-c', 'echo hello   world; echo -n a; echo -e "b\\tc"'])).toEqual([
      { after: 0, text: 'hello world\n' },
      { after: 0, text: 'a' },
      { after: 0, text: 'b\tc\n' },
    ]);
  });

  it('a separator inside quotes belongs to the words', () => {
    const run = runScript(['sh', '-c', 'echo "load failed: x; y" && exit 1'], [], env);
    expect(run.writes.map((w) => w.text)).toEqual(['load failed: x; y\n']);
    expect(run.fate).toEqual({ kind: 'exits', after: 0, exitCode: 1 });
  });

  it("a data cache job's `sh -c 'echo ...; exit 1'` writes its message unchanged", () => {
    const run = runScript(['/bin/sh', '-c', '\'echo "ERROR: source oss://b/k is not reachable"; exit 1\''], [], env);
    expect(run.writes.map((w) => w.text)).toEqual(['ERROR: source oss://b/k is not reachable\n']);
    expect(run.fate).toEqual({ kind: 'exits', after: 0, exitCode: 1 });
  });

  it('printf formats %s and %d, reusing the format while arguments remain', () => {
    expect(text(['printf', '%s=%d\\n', 'a', '1', 'b', 'x'])).toEqual([{ after: 0, text: 'a=1\nb=0\n' }]);
  });

  it('writes after sleeps are timed from the start', () => {
    expect(text(['sh', '-c', 'echo one; sleep 2; echo two; sleep 1.5; exit 3'])).toEqual([
      { after: 0, text: 'one\n' },
      { after: 2 * S, text: 'two\n' },
    ]);
  });

  it('cat /etc/hostname and hostname give the hostname; another file is missing', () => {
    const run = runScript(['sh', '-c', 'cat /etc/hostname; hostname; cat /nope'], [], env);
    expect(run.writes.map((w) => w.text)).toEqual(['web-1\n', 'web-1\n', 'cat: /nope: No such file or directory\n']);
    expect(run.fate).toEqual({ kind: 'exits', after: 0, exitCode: 1 });
  });

  it('a statement after && is skipped after a failure, and writes nothing', () => {
    expect(text(['sh', '-c', 'false && echo no || echo yes'])).toEqual([{ after: 0, text: 'yes\n' }]);
  });

  it('nginx from its own entrypoint writes the entrypoint lines and one worker per vCPU', () => {
    const lines = text([], [], { ...env, image: 'registry.cn-hangzhou.aliyuncs.com/eci_open/nginx:1.25' }).map((w) => w.text);
    expect(lines[0]).toBe('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration\n');
    expect(lines).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up\n');
    expect(lines.slice(-2)).toEqual([
      '2024/01/02 03:04:05 [notice] 1#1: start worker process 29\n',
      '2024/01/02 03:04:05 [notice] 1#1: start worker process 30\n',
    ]);
  });

  it('nginx named as the command skips the entrypoint; another image writes nothing of its own', () => {
    const lines = text(['nginx', '-g', 'daemon off;']).map((w) => w.text);
    expect(lines[0]).toBe('2024/01/02 03:04:05 [notice] 1#1: using the "epoll" event method\n');
    expect(text([], [], { ...env, image: 'redis:7' })).toEqual([]);
  });

  it('a quote left open fails the whole script, as sh does, before anything runs', () => {
    const run = runScript(['sh', '-c', "echo it's; exit 1"], [], env);
    expect(run.writes.map((w) => w.text)).toEqual(['sh: 1: Syntax error: Unterminated quoted string\n']);
    expect(run.fate).toEqual({ kind: 'exits', after: 0, exitCode: 2 });
  });

  it('a bad sleep says why and fails', () => {
    const run = runScript(['sleep', 'soon'], [], env);
    expect(run.writes.map((w) => w.text)).toEqual(["sleep: invalid time interval 'soon'\n"]);
    expect(run.fate).toEqual({ kind: 'exits', after: 0, exitCode: 1 });
  });
});

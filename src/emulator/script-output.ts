// What the command language's statements write (container-fate.ts), and what a known server image
// prints as it starts. stdout and stderr go to one stream, as the container's log shows them.
import type { Micros } from '../model/event.js';

/** What the container's process can see of where it runs. */
export interface OutputEnv {
  /** /etc/hostname: the instance's HostName, else its name (as a pod's hostname is its name). */
  hostname: string;
  image: string;
  /** vCPUs of the instance: a server started with `worker_processes auto` starts one worker each. */
  cpus?: number;
}

/** Text written `after` the run's start; a function when the text shows the time it is written. */
export interface Write {
  after: Micros;
  text: string | ((at: Micros) => string);
}

/** printf's and echo -e's backslash escapes. */
function escapes(text: string): string {
  return text.replace(/\\([nt\\"'ar0])/g, (_, c: string) => ({ n: '\n', t: '\t', a: '\x07', r: '\r', '0': '\0' })[c] ?? c);
}

/** printf FORMAT [ARG...]: %s, %d and %%; the format is reused while arguments remain, as in sh. */
function printf(format: string, args: string[]): string {
  let out = '';
  let i = 0;
  do {
    out += escapes(format).replace(/%([sd%])/g, (_, c: string) => {
      if (c === '%') return '%';
      const arg = args[i++] ?? '';
      return c === 'd' ? String(Number.parseInt(arg, 10) || 0) : arg;
    });
  } while (i < args.length && /%[sd]/.test(format));
  return out;
}

function echo(args: string[]): string {
  let newline = true;
  let interpret = false;
  while (/^-[ne]+$/.test(args[0] ?? '')) {
    const flags = args.shift()!;
    if (flags.includes('n')) newline = false;
    if (flags.includes('e')) interpret = true;
  }
  const text = args.join(' ');
  return (interpret ? escapes(text) : text) + (newline ? '\n' : '');
}

function cat(files: string[], env: OutputEnv): { text: string; status: number } {
  let text = '';
  let status = 0;
  for (const file of files) {
    if (file === '/etc/hostname') text += `${env.hostname}\n`;
    else {
      text += `cat: ${file}: No such file or directory\n`; // coreutils' message
      status = 1;
    }
  }
  return { text, status };
}

/** A statement that writes and ends at once: its text and status; undefined for any other. */
export function statementOutput(cmd: string, args: string[], env: OutputEnv): { text: string; status: number } | undefined {
  switch (cmd) {
    case 'echo':
      return { text: echo([...args]), status: 0 };
    case 'printf':
      if (args.length === 0) return { text: 'printf: usage: printf format [arguments]\n', status: 2 }; // bash's
      return { text: printf(args[0]!, args.slice(1)), status: 0 };
    case 'cat':
      return cat(args, env);
    case 'hostname':
      return { text: `${env.hostname}\n`, status: 0 };
    default:
      return undefined;
  }
}

/** nginx's error-log time: `2006/01/02 15:04:05`, UTC (the image's TZ). */
function nginxTime(at: Micros): string {
  return new Date(Math.floor(at / 1000)).toISOString().replace('T', ' ').slice(0, 19).replaceAll('-', '/');
}

/** The official nginx image's docker-entrypoint.sh (1.25+), when the image's own entrypoint runs. */
const NGINX_ENTRYPOINT = [
  '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
  '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
  '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
  '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
  '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
  '/docker-entrypoint.sh: Configuration complete; ready for start up',
];

/** nginx's own notices as it starts (master pid 1), one worker per vCPU (worker_processes auto). */
function nginxNotices(cpus: number): string[] {
  const lines = ['using the "epoll" event method', 'start worker processes'];
  for (let i = 0; i < Math.max(1, Math.floor(cpus)); i++) lines.push(`start worker process ${29 + i}`);
  return lines.map((l) => `[notice] 1#1: ${l}`);
}

function isNginx(image: string): boolean {
  const name = image.split('/').pop()!.split(/[:@]/)[0];
  return name === 'nginx';
}

/**
 * What a long-running program writes as it starts: the nginx image (its entrypoint, or `nginx`
 * named as the command) writes its start-up lines at once; any other program writes nothing.
 */
export function imageStartup(env: OutputEnv, commandGiven: boolean, program = ''): Write[] {
  const nginx = commandGiven ? /(^|\/)nginx$/.test(program) : isNginx(env.image);
  if (!nginx) return [];
  const entry = commandGiven ? [] : NGINX_ENTRYPOINT.map((l): Write => ({ after: 0, text: `${l}\n` }));
  return [...entry, ...nginxNotices(env.cpus ?? 1).map((l): Write => ({ after: 0, text: (at) => `${nginxTime(at)} ${l}\n` }))];
}

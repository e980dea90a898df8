// GET /api/v1/namespaces/NS/pods/NAME/log: what `kubectl logs` reads, as the API server proxies it
// from kubelet: text/plain, the options of core/v1 PodLogOptions, kubelet's refusals (400), and
// with follow=true the lines as the container writes them until its run ends.
import { PassThrough } from 'node:stream';
import { renderLine, selectLines, type Emulator, type LogRun, type LogSelection } from '../../emulator/index.js';
import type { Clock } from '../../model/clock.js';
import { fromRfc3339 } from '../../model/time.js';
import { listPods } from './pods.js';
import { KubeError } from './status.js';

type Query = Record<string, string | string[] | undefined>;

const one = (q: Query, name: string) => {
  const v = q[name];
  return Array.isArray(v) ? v.at(-1) : v;
};

function bool(q: Query, name: string): boolean {
  const v = one(q, name);
  if (v === undefined || v === '' || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  throw new KubeError('InvalidParameter', `${name}: Invalid value: ${JSON.stringify(v)}: must be true or false`);
}

function int(q: Query, name: string, min: number): number | undefined {
  const v = one(q, name);
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d{1,15}$/.test(v)) throw new KubeError('InvalidParameter', `${name}: Invalid value: ${JSON.stringify(v)}: must be a whole number`);
  const n = Number(v);
  // The API server's PodLogOptions validation: tailLines >= 0, sinceSeconds and limitBytes >= 1.
  if (n < min) throw new KubeError('InvalidParameter', `${name}: Invalid value: ${n}: must be ${min === 0 ? 'greater than or equal to 0' : 'greater than 0'}`);
  return n;
}

export interface PodLogRequest {
  run: LogRun;
  selection: LogSelection;
  follow: boolean;
}

/** Reads the options and the run they are about; every refusal before anything is written. */
export function podLogRequest(emulator: Emulator, clock: Clock, account: string, namespace: string, name: string, q: Query): PodLogRequest {
  const tail = int(q, 'tailLines', 0);
  const sinceSeconds = int(q, 'sinceSeconds', 1);
  const limitBytes = int(q, 'limitBytes', 1);
  const sinceText = one(q, 'sinceTime');
  let sinceTime: number | undefined;
  if (sinceText) {
    try {
      sinceTime = fromRfc3339(sinceText);
    } catch {
      throw new KubeError('InvalidParameter', `sinceTime: Invalid value: ${JSON.stringify(sinceText)}: must be an RFC 3339 time`);
    }
  }
  if (sinceSeconds !== undefined && sinceTime !== undefined)
    throw new KubeError('InvalidParameter', 'at most one of sinceTime or sinceSeconds may be specified');
  const follow = bool(q, 'follow');
  const previous = bool(q, 'previous');
  const timestamps = bool(q, 'timestamps');

  const group = listPods(emulator, account, namespace, undefined)
    .filter((g) => g.name === name)
    .at(-1);
  if (!group) throw new KubeError('NotFound', `pods "${name}" not found`, { name, kind: 'pods' });
  const names = group.containers.map((c) => c.name);
  const inits = group.initContainers.map((c) => c.name);
  let container = one(q, 'container');
  if (!container) {
    // The API server's own refusal when a pod has several containers and none is named (pod strategy.go).
    const orInit = inits.length ? ` or one of the init containers: [${inits.join(' ')}]` : '';
    if (names.length !== 1)
      throw new KubeError('InvalidParameter', `a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]${orInit}`);
    container = names[0]!;
  }
  if (!names.includes(container) && !inits.includes(container)) throw new KubeError('InvalidParameter', `container ${container} is not valid for pod ${name}`);
  // The emulator's refusals (no previous run, ...) are answered in the vocabulary by the handler.
  const run: LogRun = emulator.containerLog(account, group.id, container, previous);
  const since = sinceTime ?? (sinceSeconds === undefined ? undefined : clock.now() - sinceSeconds * 1_000_000);
  return {
    run,
    follow: follow && !previous,
    selection: {
      ...(tail !== undefined ? { tail } : {}),
      ...(since !== undefined ? { since } : {}),
      ...(limitBytes !== undefined ? { limitBytes } : {}),
      timestamps,
    },
  };
}

/**
 * The answer's body: the selected lines, then (following) each new line of the run until it
 * ends, the client goes, or limitBytes is reached. `stop` ends it early (the server closing).
 */
export function podLogStream(req: PodLogRequest): { out: PassThrough; stop: () => void } {
  const out = new PassThrough();
  let left = req.selection.limitBytes ?? Infinity;
  let unfollow = () => {};
  const stop = () => {
    unfollow();
    out.end();
  };
  const send = (text: string): boolean => {
    const bytes = Buffer.from(text);
    if (bytes.length >= left) {
      out.write(bytes.subarray(0, left));
      left = 0;
      stop();
      return false;
    }
    left -= bytes.length;
    out.write(bytes);
    return true;
  };
  const timestamps = req.selection.timestamps ?? false;
  for (const line of selectLines(req.run.read(), req.selection)) if (!send(renderLine(line, timestamps))) return { out, stop };
  if (!req.follow) {
    out.end();
    return { out, stop };
  }
  unfollow = req.run.follow((line) => {
    if (line.time < 0) stop();
    else send(renderLine(line, timestamps));
  });
  out.once('close', () => unfollow());
  return { out, stop };
}

// What `serve` prints on stderr once it listens (after its start-up log lines, so that nothing
// pushes it away before it is read): where the API and the console are, who runs the emulator,
// and how to get a working key, on every start and not only the first.
import type { Service } from '../../main.js';
import { keyEnvironment } from '../key-environment.js';
import { SDK_SNIPPET_ESM } from '../sdk-snippets.js';
import { SERVE_DEFAULTS } from './serve-defaults.js';

export interface BannerOptions {
  db: string;
  clock: string;
  accessKeyId?: string;
}

/** The emulator's line: who runs it. */
function emulatorLine(service: Service): string {
  const role = service.replica.role();
  if (role.kind === 'leader') return `emulator: this replica (${service.replica.name}) leads it (epoch ${role.record.epoch})`;
  if (role.kind === 'follower')
    return `emulator: this replica (${service.replica.name}) follows ${role.leader.replica}, which runs it; its requests are forwarded there`;
  return `emulator: this replica (${service.replica.name}) waits for a leader to be elected`;
}

/** A database location fit for a terminal and a log: a PostgreSQL URL's password is masked. */
function shownDb(db: string): string {
  if (!/^postgres(ql)?:\/\//.test(db)) return db;
  const u = new URL(db);
  if (u.password) u.password = '***';
  return u.toString();
}

/** `eci-events keys VERB` with what points it at this service's database (and, to create, its address). */
function keysCommand(verb: 'create' | 'list', service: Service, options: BannerOptions): string {
  const flags = [
    ...(options.db === SERVE_DEFAULTS.db ? [] : [`--db ${shownDb(options.db)}`]),
    ...(verb === 'create' && service.url !== `http://${SERVE_DEFAULTS.host}:${SERVE_DEFAULTS.port}` ? [`--endpoint ${service.url}`] : []),
  ];
  return ['eci-events keys', verb, ...flags].join(' ');
}

export function serveBanner(service: Service, options: BannerOptions): string[] {
  const store = `store: ${service.store.kind}${service.store.kind === 'sqlite' ? ` ${options.db}` : ''}`;
  const lines = [
    `eci-events listening on ${service.url} (${store}${options.clock === 'virtual' ? '; virtual clock: eci-events clock advance 10m' : ''})`,
    emulatorLine(service),
  ];
  if (service.kube) {
    lines.push(
      `Kubernetes API (kubectl) on ${service.kube.url}: eci-events kubeconfig --endpoint ${service.url} > kubeconfig; kubectl --kubeconfig kubeconfig get events -A`,
    );
  }
  const signIn = `Console: open ${service.url}/ and sign in with`;
  const anyTime = (as: string) =>
    `A key at any time: \`${keysCommand('create', service, options)}\` prints a new one ${as}; \`${keysCommand('list', service, options)}\` shows the keys there are.`;
  if (!service.createdKey) {
    lines.push(
      options.accessKeyId ? `${signIn} the key of --access-key-id (${options.accessKeyId}).` : `${signIn} an access key pair of an account.`,
      anyTime('ready to paste (the variables the CLI and the SDK read)'),
    );
    return lines;
  }
  const key = service.createdKey;
  lines.push(
    `${signIn} the access key below.`,
    '',
    'No access key was configured, so one was created for the default account. Paste these lines into a shell: the CLI and the SDK read them.',
    '',
    ...keyEnvironment(service.url, key),
    '',
    'Then `eci-events events`, or the official SDK (npm i @alicloud/eci20180808 @alicloud/openapi-client), in describe-events.mjs (the README has it for CommonJS too):',
    '',
    SDK_SNIPPET_ESM.trimEnd(),
    '',
    anyTime('as these lines'),
  );
  return lines;
}

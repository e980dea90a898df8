import { Command, Option } from 'commander';
import { VERSION } from '../version.js';
import { catalogCommand } from './commands/catalog.js';
import { clockCommand } from './commands/clock.js';
import { eventsCommand } from './commands/events.js';
import { explainCommand } from './commands/explain.js';
import { faultCommand } from './commands/fault.js';
import { groupsCommand } from './commands/groups.js';
import { execCommand, logsCommand } from './commands/logs.js';
import { imageCachesCommand } from './commands/image-caches.js';
import { virtualNodesCommand } from './commands/virtual-nodes.js';
import { dataCachesCommand } from './commands/data-caches.js';
import { resourcesCommand } from './commands/resources.js';
import { commitsCommand } from './commands/commits.js';
import { opsCommand } from './commands/ops.js';
import { volumesCommand } from './commands/volumes.js';
import { reportCommand } from './commands/report.js';
import { SERVE_DEFAULTS } from './commands/serve-defaults.js';
import { worldCommand } from './commands/world.js';
import type { Io } from './io.js';

const DEFAULT_ENDPOINT = 'http://127.0.0.1:8080';

/** --endpoint and the access key pair, on every command that calls the service. */
function clientOptions(command: Command): Command {
  return command
    .addOption(new Option('--endpoint <url>', 'the service to talk to').env('ECI_EVENTS_ENDPOINT').default(DEFAULT_ENDPOINT))
    .addOption(new Option('--access-key-id <id>', 'access key id').env('ECI_EVENTS_ACCESS_KEY_ID'))
    .addOption(new Option('--access-key-secret <secret>', 'access key secret').env('ECI_EVENTS_ACCESS_KEY_SECRET'));
}

function dbOption(): Option {
  return new Option('--db <path|:memory:|postgres://...>', 'where events and keys are stored').env('ECI_EVENTS_DB').default(SERVE_DEFAULTS.db);
}

/** Commander's refusal ("error: ...", a suggestion on the next line) as one line in the CLI's own words. */
export function commanderRefusal(text: string): string {
  return `eci-events: ${text
    .replace(/^error: /, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim()}\n`;
}

/** The one table of commands; each action calls a plain function that tests can call directly. */
export function buildProgram(io: Io, onServe: (stop: () => Promise<void>) => void): Command {
  const program = new Command('eci-events')
    .description('Events of elastic container instances: the catalog, an exact-count event store and its service.')
    .version(VERSION)
    // Set before any command is added, so that every command inherits them: a refused command
    // line is one line on stderr and exit status 2 (bin.ts), as the README says, not the error
    // followed by the whole help.
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: (s, write) => write(commanderRefusal(s)) });

  program
    .command('serve')
    .description('start the HTTP service (SQLite file by default; PostgreSQL with --db postgres://...)')
    .addOption(new Option('--host <host>', 'address to listen on').env('ECI_EVENTS_HOST').default(SERVE_DEFAULTS.host))
    .addOption(new Option('--port <port>', 'port to listen on (0 picks a free one)').env('ECI_EVENTS_PORT').default(SERVE_DEFAULTS.port))
    .addOption(dbOption())
    .addOption(
      new Option('--retention <duration>', 'how long events are kept after their last occurrence')
        .env('ECI_EVENTS_RETENTION')
        .default(SERVE_DEFAULTS.retention),
    )
    .addOption(
      new Option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent').env('ECI_EVENTS_LOG_LEVEL').default(SERVE_DEFAULTS.logLevel),
    )
    .addOption(new Option('--access-key-id <id>', 'make this key valid for the default account (with --access-key-secret)').env('ECI_EVENTS_ACCESS_KEY_ID'))
    .addOption(new Option('--access-key-secret <secret>', 'the secret of --access-key-id').env('ECI_EVENTS_ACCESS_KEY_SECRET'))
    .addOption(
      new Option('--throttle-rate <n>', 'requests per second each account may make (0: no flow control)')
        .env('ECI_EVENTS_THROTTLE_RATE')
        .default(SERVE_DEFAULTS.throttleRate),
    )
    .addOption(
      new Option('--clock <mode>', 'real, or virtual: a clock that moves only when told (eci-events clock advance 10m)')
        .env('ECI_EVENTS_CLOCK')
        .default('real'),
    )
    .addOption(new Option('--clock-start <time>', 'where a virtual clock starts (RFC 3339; default: now)').env('ECI_EVENTS_CLOCK_START'))
    .addOption(
      new Option(
        '--time-scale <factor>',
        "factor on every modelled duration on the real clock (0.01: a hundred times faster; default: the world's, else 1)",
      ).env('ECI_EVENTS_TIME_SCALE'),
    )
    .addOption(
      new Option('--throttle-burst <n>', 'requests an account may make at once').env('ECI_EVENTS_THROTTLE_BURST').default(SERVE_DEFAULTS.throttleBurst),
    )
    .addOption(
      new Option(
        '--ingest-rate <n>',
        "reports per second each account's producers may send to POST /v1/ingest, which counts reports, not requests (0: no flow control of reports)",
      )
        .env('ECI_EVENTS_INGEST_RATE')
        .default(SERVE_DEFAULTS.ingestRate),
    )
    .addOption(new Option('--ingest-burst <n>', 'reports an account may send at once').env('ECI_EVENTS_INGEST_BURST').default(SERVE_DEFAULTS.ingestBurst))
    .addOption(
      new Option(
        '--sqlite-mmap-size <bytes>',
        'SQLite: bytes of the database file mapped into memory (0 to 2147418112); mapped pages count in RSS but are the page cache',
      )
        .env('ECI_EVENTS_SQLITE_MMAP_SIZE')
        .default(SERVE_DEFAULTS.sqliteMmapSize),
    )
    .addOption(
      new Option(
        '--sqlite-writes <where>',
        'SQLite: thread (commit large batches on a thread of their own, beside the request thread) or inline (every batch on the request thread)',
      )
        .env('ECI_EVENTS_SQLITE_WRITES')
        .default(SERVE_DEFAULTS.sqliteWrites),
    )
    .addOption(new Option('--world <file>', "the emulator's world: a YAML or JSON file (docs/WORLD.md; example: examples/world.yaml)").env('ECI_EVENTS_WORLD'))
    .addOption(
      new Option('--diagnosis-rules <file>', "the rules diagnoses reason by (docs/DIAGNOSIS.md; default: the package's rules/diagnosis/causes.json)").env(
        'ECI_EVENTS_DIAGNOSIS_RULES',
      ),
    )
    .addOption(
      new Option('--kube-port <port>', 'also serve over TLS on this port, for kubectl (0 picks a free one; docs/KUBERNETES.md)').env('ECI_EVENTS_KUBE_PORT'),
    )
    .addOption(new Option('--tls-cert <file>', 'PEM certificate of the TLS listener (default: a self-signed one made at start)').env('ECI_EVENTS_TLS_CERT'))
    .addOption(new Option('--tls-key <file>', 'PEM private key of --tls-cert').env('ECI_EVENTS_TLS_KEY'))
    .addOption(
      new Option('--operator-account <name>', 'the account that may change the world, faults, spot market and clock')
        .env('ECI_EVENTS_OPERATOR_ACCOUNT')
        .default(SERVE_DEFAULTS.operatorAccount),
    )
    .addOption(
      new Option('--headers-timeout <duration>', 'a connection must send its request headers (and finish TLS) this soon')
        .env('ECI_EVENTS_HEADERS_TIMEOUT')
        .default(SERVE_DEFAULTS.headersTimeout),
    )
    .addOption(
      new Option('--request-timeout <duration>', 'a request must be received whole, body included, this soon (answers may stream longer)')
        .env('ECI_EVENTS_REQUEST_TIMEOUT')
        .default(SERVE_DEFAULTS.requestTimeout),
    )
    .addOption(
      new Option('--idle-timeout <duration>', 'a kept-alive connection with no request is closed after this')
        .env('ECI_EVENTS_IDLE_TIMEOUT')
        .default(SERVE_DEFAULTS.idleTimeout),
    )
    .addOption(
      new Option('--max-connections-per-address <n>', 'connections one client address may hold open (0: no cap)')
        .env('ECI_EVENTS_MAX_CONNECTIONS_PER_ADDRESS')
        .default(SERVE_DEFAULTS.maxConnectionsPerAddress),
    )
    .addOption(
      new Option(
        '--advertise-url <url>',
        'where the other replicas reach this one (default http://<host>:<port>); its kube listener is published at the same host',
      ).env('ECI_EVENTS_ADVERTISE_URL'),
    )
    .addOption(
      new Option('--election-interval <duration>', 'how often a replica tries to take over the emulator (PostgreSQL), and its leader checks it still leads')
        .env('ECI_EVENTS_ELECTION_INTERVAL')
        .default(SERVE_DEFAULTS.electionInterval),
    )
    .action(async (options) => {
      // Loaded on demand: the other commands should not pay for the server and both database drivers.
      const { serveCommand } = await import('./commands/serve.js');
      const service = await serveCommand(options, io);
      onServe(() => service.close());
    });

  program
    .command('catalog')
    .description('print the event catalog: every event of the seed, or one reason with its description')
    .argument('[reason]', 'one reason to describe')
    .option('--group <group>', 'only one group: ContainerGroup, ImageCache, DataCache, VirtualNode, Resource, SystemOM')
    .option('--json', "a JSON array, one object per row, in the seed's order")
    .action((reason, options) => catalogCommand(reason, options, io));

  clientOptions(
    program
      .command('report')
      .description('report one event to a running service')
      .argument('<reason>', 'a catalog reason, e.g. NoStock')
      .argument('[args...]', "the values of the message template's %s slots, in order")
      .requiredOption('--name <name>', 'name of the involved object (the pod / container group name)')
      .option('--namespace <namespace>', 'namespace of the involved object', 'default')
      .option('--kind <kind>', 'kind of the involved object', 'Pod')
      .option('--uid <uid>', 'uid of the involved object (an ECI id such as eci-... links the container group)')
      .option('--group-id <id>', 'container group the event belongs to')
      .option('--type <type>', "Normal or Warning (defaults to the catalog's)")
      .option('--source <component>', 'source component', 'EciService')
      .option('--host <host>', 'source host'),
  ).action((reason, args, options) => reportCommand(reason, args, options, io));

  clientOptions(
    program
      .command('agent')
      .description('the host agent: kernel log, log files and disks through rule files into System O&M events, spooled on disk and sent to the service')
      .addOption(new Option('--rules <dir>', 'the rule files (*.json; the shipped ones are in rules/)').env('ECI_EVENTS_AGENT_RULES').makeOptionMandatory())
      .addOption(
        new Option('--spool <dir>', 'where reports wait until the service has them, and how far each source was read')
          .env('ECI_EVENTS_AGENT_SPOOL')
          .default('eci-events-agent-spool'),
      )
      .addOption(new Option('--spool-max-bytes <n>', 'reports waiting at most (e.g. 64MiB); when full, reading waits').env('ECI_EVENTS_AGENT_SPOOL_MAX_BYTES'))
      .option('--group <eci-id>', 'the container group of events nothing else attributes (the instance the agent runs in)')
      .option('--map <file>', 'a map file: pod names, cgroup paths, container ids and pids of the groups on this host (docs/AGENT.md)')
      .option('--kmsg <path>', 'read this instead of /dev/kmsg for kmsg rule files (a file of kmsg records)')
      .option('--host <name>', "the host name events carry (default: this machine's)")
      .option('--cgroup-pattern <regex>', 'how a cgroup path names its group: a regex with (?<group>...) and (?<container>...)')
      .option('--proc <dir>', 'where /proc is', '/proc'),
  ).action(async (options) => {
    const { agentCommand } = await import('./commands/agent.js');
    const agent = await agentCommand(options, io);
    onServe(() => agent.stop());
  });

  clientOptions(
    program
      .command('events')
      .description("container groups' events through DescribeContainerGroupEvents, newest first")
      .option('--ids <ids>', 'only these container groups (comma-separated, at most 20)')
      .option('--since <seconds>', 'only events seen in the last N seconds')
      .option('--source <source>', 'EciService or K8sAgent')
      .option('--limit <n>', 'at most this many container groups')
      .option('--region <region>', 'region id', 'cn-hangzhou')
      .option('--json', "the API's Data array as JSON"),
  ).action((options) => eventsCommand(options, io));

  clientOptions(
    program
      .command('explain')
      .description(
        "why a container group is not (or was not) running: its root causes, their events and what to do; without an id, the account's unhealthy groups by root cause",
      )
      .argument('[id]', 'the container group (eci-...); none: every group of the account')
      .option('--region <region>', 'account view: only groups of this region')
      .option('--limit <n>', 'account view: examine at most this many groups (default 500, at most 1000)')
      .option('--json', 'the JSON answer (docs/DIAGNOSIS.md)'),
  ).action((id, options) => explainCommand(id, options, io));

  clientOptions(
    program
      .command('groups')
      .description('container groups through the OpenAPI: list, show ID, create NAME --image IMG, delete ID, restart ID')
      .argument('[verb]', 'list, show, create, delete or restart', 'list')
      .argument('[nameOrId]', 'the name to create, or the id to show, delete or restart')
      .option('--region <region>', 'region id', 'cn-hangzhou')
      .option('--ids <ids>', 'list: only these ids (comma-separated, at most 20)')
      .option('--name <name>', 'list: only groups of this name')
      .option('--status <status>', 'list: only groups in this status')
      .option('--limit <n>', 'list: at most this many per page (20 at most)')
      .option('--all', 'list: follow NextToken through every page')
      .option('--image <image>', 'create: the container image')
      .option('--cpu <vcpus>', 'create: vCPUs')
      .option('--memory <gib>', 'create: memory in GiB')
      .option('--command <script>', 'create: run this with sh -c (e.g. "sleep 30", "exit 1")')
      .option('--restart-policy <policy>', 'create: Always, OnFailure or Never')
      .option('--image-pull-policy <policy>', 'create: Always, IfNotPresent (default) or Never')
      .option('--registry-server <host>', 'create: a private registry to log in to (ImageRegistryCredential.1.Server)')
      .option('--registry-user <name>', 'create: its user name')
      .addOption(new Option('--registry-password <password>', 'create: its password').env('ECI_EVENTS_REGISTRY_PASSWORD'))
      .option('--instance-type <type>', 'create: InstanceType (e.g. ecs.g6r.large, ARM64)')
      .option('--image-snapshot-id <id>', 'create: ImageSnapshotId, the image cache (imc-...) to start from')
      .option('--auto-match-image-cache', 'create: AutoMatchImageCache (and an image cache created when none matches fully)')
      .option('--image-accelerate-mode <mode>', 'create: ImageAccelerateMode, used when the cache does not suit the instance')
      .option('--json', 'JSON output'),
  ).action((verb, arg, options) => groupsCommand(verb, arg, options, io));

  clientOptions(
    program
      .command('logs')
      .description('what a container of a group wrote, through DescribeContainerLog')
      .argument('<id>', 'the container group (eci-...)')
      .option('--region <region>', 'region id', 'cn-hangzhou')
      .option('-c, --container <name>', "the container (default: the group's first)")
      .option('--tail <n>', 'the last N lines (default 500, at most 2000)')
      .option('--since-seconds <n>', 'lines of the last N seconds')
      .option('--start-time <time>', 'lines since this RFC 3339 time')
      .option('--limit-bytes <n>', 'at most N bytes')
      .option('--timestamps', 'each line behind its time')
      .option('-p, --previous', 'the run before the last restart (LastTime)'),
  ).action((id, options) => logsCommand(id, options, io));

  clientOptions(
    program
      .command('exec')
      .description('run a command in a running container and print its output (ExecContainerCommand, Sync=true)')
      .argument('<id>', 'the container group (eci-...)')
      .argument('<command...>', 'the command and its arguments, after --')
      .option('--region <region>', 'region id', 'cn-hangzhou')
      .option('-c, --container <name>', "the container (default: the group's first)"),
  ).action((id, command, options) => execCommand(id, command, options, io));

  clientOptions(
    program
      .command('image-caches')
      .description('image caches through the OpenAPI: list, create NAME --image IMG..., update ID, delete ID')
      .argument('[verb]', 'list, create, update or delete', 'list')
      .argument('[nameOrId]', 'the name to create, or the id to update or delete')
      .option('--region <region>', 'region id', 'cn-hangzhou')
      .option('--ids <ids>', 'list: only these ids (comma-separated)')
      .option('--name <name>', 'list: only caches of this name; update: the new name')
      .option('--image <image>', 'create, update: an image of the cache (repeat for more); list: only caches holding it', (v: string, prev: string[] = []) => [
        ...prev,
        v,
      ])
      .option('--size <gib>', 'create, update: ImageCacheSize, GiB (default 20)')
      .option('--retention-days <days>', 'create, update: deleted this many days after its creation')
      .option('--lru', 'create, update: EliminationStrategy LRU (may be eliminated when the quota is full)')
      .option('--flash', 'create, update: a local snapshot first (zones with ESSD)')
      .option('--copies <n>', 'create, update: StandardCopyCount')
      .option('--zone <zone>', 'create: the zone of the cache')
      .option('--limit <n>', 'list: at most this many per page')
      .option('--all', 'list: follow NextToken through every page')
      .option('--json', 'JSON output'),
  ).action((verb, arg, options) => imageCachesCommand(verb, arg, options, io));

  clientOptions(
    program
      .command('virtual-nodes')
      .description('virtual nodes through the OpenAPI: list, create [NAME] --vswitch VSW --security-group SG --kubeconfig FILE, update ID, delete ID')
      .argument('[verb]', 'list, create, update or delete', 'list')
      .argument('[nameOrId]', 'the name to create (default: the id), or the id to update or delete')
      .option('--region <region>', 'region id', 'cn-hangzhou')
      .option('--ids <ids>', 'list: only these ids (comma-separated)')
      .option('--name <name>', 'list: only the node of this name; update: the new name')
      .option('--status <status>', 'list: only nodes in this status (Pending, Ready, Failed)')
      .option('--vswitch <id>', 'create: the vSwitch of the node and its pods')
      .option('--security-group <id>', 'create: the security group of the node and its pods')
      .option('--zone <zone>', "create: the zone (the vSwitch's)")
      .option('--kubeconfig <file>', 'create: the kubeconfig of the cluster to join (sent Base64-encoded)')
      .option('--taint <key=value:Effect>', 'create: a taint of the node (repeat for more)', (v: string, prev: string[] = []) => [...prev, v])
      .option('--custom-resources <list>', "create, update: name=count,... added to the node's capacity")
      .option('--cluster-dns <ip>', 'create, update: ClusterDNS')
      .option('--cluster-domain <domain>', 'create, update: ClusterDomain')
      .option('--all', 'list: follow NextToken through every page')
      .option('--json', 'JSON output'),
  ).action((verb, arg, options) => virtualNodesCommand(verb, arg, options, io));

  clientOptions(
    program
      .command('data-caches')
      .description('data caches through the OpenAPI: list, create PATH --url URL|--nas SERVER|--oss BUCKET, update ID, delete ID, copy ID --to REGION')
      .argument('[verb]', 'list, create, update, delete or copy', 'list')
      .argument('[pathOrId]', 'the path to create, or the id to update, delete or copy')
      .option('--region <region>', 'region id', 'cn-hangzhou')
      .option('--ids <ids>', 'list: only these ids (comma-separated)')
      .option('--bucket <bucket>', 'create, update, copy: the cache\'s bucket (default "default"); list: only this bucket')
      .option('--path <path>', 'list: only this path; copy: the path in the other region')
      .option('--name <name>', "create, update, copy: the cache's name")
      .option('--url <url>', 'create, update: a URL source')
      .option('--nas <server>', 'create, update: a NAS source, its mount target')
      .option('--nas-path <path>', 'with --nas: the directory (default /)')
      .option('--oss <bucket>', 'create, update: an OSS source, its bucket')
      .option('--oss-endpoint <url>', 'with --oss: the endpoint')
      .option('--size <gib>', 'create, update: Size, GiB (default 20)')
      .option('--retention-days <days>', 'create, update, copy: deleted this many days after its creation')
      .option('--vswitch <id>', 'create, update: where the proxy and the job go')
      .option('--security-group <id>', "create, update: the job's security group")
      .option('--to <region>', 'copy: DestinationRegionId')
      .option('--limit <n>', 'list: at most this many per page (1-20)')
      .option('--all', 'list: follow NextToken through every page')
      .option('--json', 'JSON output'),
  ).action((verb, arg, options) => dataCachesCommand(verb, arg, options, io));

  clientOptions(
    program
      .command('resources')
      .description("the world's resources through the OpenAPI: available (stock by zone), price, usage (quotas), metrics ID")
      .argument('[verb]', 'available, price, usage or metrics', 'usage')
      .argument('[id]', 'metrics: the container group id')
      .option('--region <region>', 'region id', 'cn-hangzhou')
      .option('--zone <zone>', 'available, price: only this zone')
      .option('--family', 'available: instance families, not types')
      .option('--type <type>', 'available: only this type (or family with --family); price: InstanceType')
      .option('--cpu <vcpus>', 'available: types of exactly this many vCPUs; price: Cpu')
      .option('--memory <gib>', 'available: types of exactly this much memory; price: Memory')
      .option('--spot <strategy>', 'available, price: SpotAsPriceGo or SpotWithPriceLimit')
      .option('--spot-price-limit <cny>', 'available, price: SpotPriceLimit, CNY per hour')
      .option('--start <time>', 'metrics: StartTime (RFC 3339)')
      .option('--end <time>', 'metrics: EndTime (RFC 3339)')
      .option('--period <seconds>', 'metrics: Period, 15, 30, 60 or 600')
      .option('--json', 'JSON output'),
  ).action((verb, arg, options) => resourcesCommand(verb, arg, options, io));

  clientOptions(
    program
      .command('commits')
      .description('commit containers to images through the OpenAPI: create GROUP --container NAME --repository REGISTRY/REPO, list GROUP')
      .argument('[verb]', 'create or list', 'list')
      .argument('[group]', 'the container group id')
      .option('--region <region>', 'region id', 'cn-hangzhou')
      .option('--container <name>', 'create: the container to commit')
      .option('--repository <repo>', 'create: Image.Repository, an ACR registry and repository (registry.cn-hangzhou.aliyuncs.com/team/app)')
      .option('--tag <tag>', "create: Image.Tag (default: the base image's tag)")
      .option('--acr-instance <id>', 'create: AcrRegistryInfo.InstanceId, for an ACR Enterprise Edition registry')
      .option('--task <id>', 'list: only this task (repeat for more)', (v: string, prev: string[] = []) => [...prev, v])
      .option('--status <status>', 'list: Running, Succeeded or Failed')
      .option('--json', 'JSON output'),
  ).action((verb, arg, options) => commitsCommand(verb, arg, options, io));

  clientOptions(
    program
      .command('ops')
      .description('O&M tasks of an instance through the OpenAPI: create GROUP --type coredump|tcpdump --value V, list GROUP')
      .argument('[verb]', 'create or list', 'list')
      .argument('[group]', 'the container group id')
      .option('--region <region>', 'region id', 'cn-hangzhou')
      .option('--type <type>', 'coredump or tcpdump (list: only records of this type)')
      .option('--value <value>', 'create: enable or disable (coredump), or a JSON object such as {"Enable":true} (tcpdump)')
      .option('--json', 'JSON output'),
  ).action((verb, arg, options) => opsCommand(verb, arg, options, io));

  clientOptions(
    program
      .command('volumes')
      .description('volumes of a container group through the OpenAPI: resize GROUP --volume NAME --size GIB')
      .argument('<verb>', 'resize')
      .argument('[group]', 'the container group id')
      .option('--region <region>', 'region id', 'cn-hangzhou')
      .option('--volume <name>', 'the disk volume (Volume.N.Name)')
      .option('--size <gib>', 'NewSize, GiB (20 to 32768; only larger)'),
  ).action((verb, arg, options) => volumesCommand(verb, arg, options, io));

  clientOptions(
    program
      .command('clock')
      .description("the service's clock: show, advance DURATION or to TIME (a service started with --clock virtual)")
      .argument('[verb]', 'show, advance or to', 'show')
      .argument('[value]', 'a duration (10m, 48h; at most 400d per request) or an RFC 3339 time (up to 9998-01-01T00:00:00Z)'),
  ).action((verb, value, options) => clockCommand(verb, value, options, io));

  clientOptions(
    program
      .command('world')
      .description("the emulator's world at run time: show, apply FILE, stock, zone, balance, spot-price, host-list, reclaim")
      .argument('[verb]', 'show, apply, stock, zone, balance, spot-price, host-list or reclaim', 'show')
      .argument('[args...]', 'apply: FILE; stock: N or unlimited; zone: ZONE_ID; balance: AMOUNT; spot-price: PRICE')
      .option('--zone <zone>', 'stock, spot-price, reclaim: the zone')
      .option('--type <instanceType>', 'stock, spot-price, reclaim: only this instance type')
      .option('--state <state>', 'zone: open, limited or closed')
      .option('--account <account>', 'balance: the account (default: default)')
      .option('--count <n>', 'reclaim: at most this many instances')
      .option('--json', 'show, host-list: JSON instead of YAML or a table')
      .addHelpText(
        'after',
        `
Examples:
  eci-events world show > world.yaml          the world as it stands (a world file; docs/WORLD.md)
  eci-events world apply change.yaml          merge a partial world (YAML or JSON) into it
  eci-events world stock --zone cn-hangzhou-k --type ecs.c6.large 0
  eci-events world stock --zone cn-hangzhou-k unlimited
  eci-events world zone cn-hangzhou-k --state closed
  eci-events world balance --account default 0
  eci-events world spot-price --zone cn-hangzhou-k --type ecs.c6.large 0.5
  eci-events world host-list
  eci-events world reclaim --zone cn-hangzhou-k --count 1`,
      ),
  ).action((verb, args, options) => worldCommand(verb, args, options, io));

  clientOptions(
    program
      .command('fault')
      .description("faults of the emulator's infrastructure: kinds, inject KIND TARGET, list, clear ID")
      .argument('[verb]', 'kinds, inject, list or clear', 'list')
      .argument('[args...]', 'inject: KIND TARGET (a host, zone or region id, or a registry host); clear: ID')
      .option('--count <n>', 'inject: the fault hits only this many operations')
      .option('--for <duration>', 'inject: the fault lasts this long (10m, 2h; default: until cleared)')
      .option('--in <duration>', 'inject host-maintenance: the forced restart comes this long after the notice (default 48h)')
      .option('--detail <text>', 'inject: words of the fault, shown where its events show them (e.g. the maintenance reason)')
      .option('--factor <n>', 'inject registry-slow: pulls from the registry take this many times longer (default 10)')
      .option('--json', 'kinds, list: JSON output')
      .addHelpText(
        'after',
        `
Examples:
  eci-events fault kinds
  eci-events fault inject host-failure h-cn-hangzhou-k-1
  eci-events fault inject host-maintenance h-cn-hangzhou-k-2 --in 2h --detail "a kernel upgrade"
  eci-events fault inject eni-service-error cn-hangzhou --count 1
  eci-events fault inject registry-outage docker.io --for 10m
  eci-events fault inject registry-slow registry.cn-hangzhou.aliyuncs.com --factor 20
  eci-events fault list
  eci-events fault clear fault-1`,
      ),
  ).action((verb, args, options) => faultCommand(verb, args, options, io));

  clientOptions(
    program
      .command('deliver')
      .description("post the account's events to a webhook as they happen, at least once and in order, resuming from a checkpoint file")
      .addOption(new Option('--webhook <url>', 'where to POST each event (JSON)').env('ECI_EVENTS_WEBHOOK').makeOptionMandatory())
      .addOption(new Option('--checkpoint <file>', 'the position, kept across restarts').env('ECI_EVENTS_CHECKPOINT').default('eci-events-deliver.checkpoint'))
      .option('--dead-letter <file>', 'where events the webhook refuses for good are kept (default: <checkpoint>.set-aside.jsonl)')
      .option('--from-start', 'without a checkpoint, begin with every event kept (default: only new ones)')
      .option(
        '--skip-expired',
        'when retention removed events before they were delivered, record the gap, log the versions lost and go on after them (default: record the gap and stop, exit 1)',
      )
      .option('--type <types>', 'only Normal and/or Warning (comma-separated)')
      .option('--reason <reasons>', 'only these reasons (comma-separated)')
      .option('--namespace <namespaces>', 'only these namespaces (comma-separated)')
      .option('--min-count <n>', 'only changes whose count is at least n')
      .addOption(
        new Option('--header <line>', 'add "Name: value" to each post (repeatable)').argParser((line: string, lines: string[] = []) => [...lines, line]),
      )
      .option('--max-attempts <n>', 'a 4xx refusal (not 408 or 429) this many times sets an event aside', '5')
      .option('--poll <duration>', 'how often to look for new events once caught up', '1s'),
  ).action(async (options) => {
    const { deliverCommand } = await import('./commands/deliver.js');
    const sink = await deliverCommand(options, io);
    onServe(() => sink.stop());
  });

  clientOptions(
    program
      .command('kubeconfig')
      .description("print a kubeconfig for kubectl: the service's TLS listener, its certificate, and this access key as the token")
      .option('--namespace <namespace>', "the context's default namespace", 'default'),
  ).action(async (options) => (await import('./commands/kubeconfig.js')).kubeconfigCommand(options, io));

  program
    .command('keys')
    .description("manage accounts' access key pairs in the service's database")
    .argument('<verb>', 'create, list or delete')
    .argument('[accessKeyId]', 'the key to delete')
    .option('--account <account>', 'the account (default: default)')
    .option('--json', 'JSON output')
    .addOption(dbOption())
    .addOption(
      new Option('--endpoint <url>', "the service's address, printed in the ECI_EVENTS_ENDPOINT line of create")
        .env('ECI_EVENTS_ENDPOINT')
        .default(DEFAULT_ENDPOINT),
    )
    .action(async (verb, id, options) => (await import('./commands/keys.js')).keysCommand(verb, id, options, io));

  return program;
}

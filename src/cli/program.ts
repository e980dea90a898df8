import { Command, Option } from 'commander';
import { VERSION } from '../version.js';
import { catalogCommand } from './commands/catalog.js';
import { eventsCommand } from './commands/events.js';
import { reportCommand } from './commands/report.js';
import { SERVE_DEFAULTS } from './commands/serve-defaults.js';
import type { Io } from './io.js';

const DEFAULT_ENDPOINT = 'http://127.0.0.1:8080';

function endpointOption(): Option {
  return new Option('--endpoint <url>', 'the service to talk to').env('ECI_EVENTS_ENDPOINT').default(DEFAULT_ENDPOINT);
}

/** The one table of commands; each action calls a plain function that tests can call directly. */
export function buildProgram(io: Io, onServe: (stop: () => Promise<void>) => void): Command {
  const program = new Command('eci-events')
    .description('Events of elastic container instances: the catalog, an exact-count event store and its service.')
    .version(VERSION)
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });

  program
    .command('serve')
    .description('start the HTTP service (SQLite file by default; PostgreSQL with --db postgres://...)')
    .addOption(new Option('--host <host>', 'address to listen on').env('ECI_EVENTS_HOST').default(SERVE_DEFAULTS.host))
    .addOption(new Option('--port <port>', 'port to listen on (0 picks a free one)').env('ECI_EVENTS_PORT').default(SERVE_DEFAULTS.port))
    .addOption(new Option('--db <path|:memory:|postgres://...>', 'where events are stored').env('ECI_EVENTS_DB').default(SERVE_DEFAULTS.db))
    .addOption(new Option('--retention <duration>', 'how long events are kept after their last occurrence').env('ECI_EVENTS_RETENTION').default(SERVE_DEFAULTS.retention))
    .addOption(new Option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent').env('ECI_EVENTS_LOG_LEVEL').default(SERVE_DEFAULTS.logLevel))
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
    .option('--json', 'a JSON array, one object per row, in the seed\'s order')
    .action((reason, options) => catalogCommand(reason, options, io));

  program
    .command('report')
    .description('report one event to a running service')
    .argument('<reason>', 'a catalog reason, e.g. NoStock')
    .argument('[args...]', 'the values of the message template\'s %s slots, in order')
    .requiredOption('--name <name>', 'name of the involved object (the pod / container group name)')
    .option('--namespace <namespace>', 'namespace of the involved object', 'default')
    .option('--kind <kind>', 'kind of the involved object', 'Pod')
    .option('--uid <uid>', 'uid of the involved object (an ECI id such as eci-... links the container group)')
    .option('--group-id <id>', 'container group the event belongs to')
    .option('--type <type>', 'Normal or Warning (defaults to the catalog\'s)')
    .option('--source <component>', 'source component', 'EciService')
    .option('--host <host>', 'source host')
    .addOption(endpointOption())
    .action((reason, args, options) => reportCommand(reason, args, options, io));

  program
    .command('events')
    .description('list events from a running service, newest first')
    .option('--group-id <id>', 'only this container group')
    .option('--namespace <namespace>', 'only this namespace')
    .option('--source <component>', 'only this source component (EciService, K8sAgent...)')
    .option('--since <duration>', 'only events seen in this last stretch of time, e.g. 10m')
    .option('--limit <n>', 'at most this many')
    .option('--json', 'the events as JSON')
    .addOption(endpointOption())
    .action((options) => eventsCommand(options, io));

  return program;
}

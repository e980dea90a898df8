import { parseDuration } from '../../model/duration.js';
import { startService, type Service } from '../../main.js';
import { UsageError, type Io } from '../io.js';

export interface ServeOptions {
  host: string;
  port: string;
  db: string;
  retention: string;
  logLevel: string;
}

export async function serveCommand(options: ServeOptions, io: Io): Promise<Service> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, got ${JSON.stringify(options.port)}`);
  let retentionMicros: number;
  try {
    retentionMicros = parseDuration(options.retention);
  } catch (err) {
    throw new UsageError(`--retention: ${(err as Error).message}`);
  }
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(options.logLevel)) {
    throw new UsageError(`--log-level must be one of fatal, error, warn, info, debug, trace, silent; got ${JSON.stringify(options.logLevel)}`);
  }
  const service = await startService({
    db: options.db,
    host: options.host,
    port,
    retentionMicros,
    logger: { level: options.logLevel },
  });
  io.err(`eci-events listening on ${service.url} (store: ${service.store.kind}${service.store.kind === 'sqlite' ? ` ${options.db}` : ''})`);
  return service;
}

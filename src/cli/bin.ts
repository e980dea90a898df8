#!/usr/bin/env node
import { CommanderError } from 'commander';
import { processIo, UsageError } from './io.js';
import { buildProgram } from './program.js';

// A reader that went away (`eci-events catalog | head`) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const program = buildProgram(processIo, (stop) => {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    processIo.err(`${signal}: finishing requests in flight, then stopping`);
    stop().then(
      () => process.exit(0),
      (err) => {
        processIo.err(`shutdown failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
});
program.exitOverride();

if (process.argv.length <= 2) {
  program.outputHelp();
  process.exit(0);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  if (err instanceof UsageError) {
    processIo.err(`eci-events: ${err.message}`);
    process.exit(2);
  }
  processIo.err(`eci-events: ${(err as Error).message}`);
  process.exit(1);
}

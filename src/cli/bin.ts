#!/usr/bin/env node
import { CommanderError } from 'commander';
import { processIo, UsageError } from './io.js';
import { buildProgram } from './program.js';

/** Commander's exits that are not refusals: help shown (asked for, or a command without its subcommand) and the version. */
const COMMANDER_OWN_EXITS = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

/** Set while `serve` runs: stops it as SIGTERM does (requests in flight finish, then exit). */
let shutdown: ((why: string) => void) | undefined;

// A reader that went away (`eci-events catalog | head`) is not an error. A service whose log
// reader went away (`serve | head`) stops as on SIGTERM, finishing the requests in flight, rather
// than exiting in the middle of them.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  if (shutdown) shutdown('standard output closed (EPIPE)');
  else process.exit(0);
});

const program = buildProgram(processIo, (stop) => {
  let stopping = false;
  shutdown = (why: string) => {
    if (stopping) return;
    stopping = true;
    processIo.err(`${why}: finishing requests in flight, then stopping`);
    stop().then(
      () => process.exit(0),
      (err) => {
        processIo.err(`shutdown failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown!('SIGINT'));
  process.on('SIGTERM', () => shutdown!('SIGTERM'));
});

if (process.argv.length <= 2) {
  program.outputHelp();
  process.exit(0);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // Help and the version asked for keep commander's status; a command line it refused is a usage error.
  if (err instanceof CommanderError) process.exit(COMMANDER_OWN_EXITS.has(err.code) ? err.exitCode : 2);
  if (err instanceof UsageError) {
    processIo.err(`eci-events: ${err.message}`);
    process.exit(2);
  }
  processIo.err(`eci-events: ${(err as Error).message}`);
  process.exit(1);
}

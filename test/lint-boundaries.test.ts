// The layering of shared/DESIGN.md holds by rule: `npm run check` lints with eslint.config.js, and
// these are imports it must refuse or let through, each linted as if it were a file at that path.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RULE = '@typescript-eslint/no-restricted-imports';

interface Scenario {
  name: string;
  file: string;
  code: string;
  /** Words of the refusal's message, or null where the import is allowed. */
  refused: string | null;
}

const OUTER = 'inner folders never import outer ones';
const BACKEND = 'only src/main.ts picks a store backend';
const WEB = 'only src/api imports the web framework';

const SCENARIOS: Scenario[] = [
  // The chain model → catalog → correlator → store → recorder → emulator, detectors, sinks → api → cli/main.
  { name: 'catalog reads the model', file: 'src/catalog/x.ts', code: `import { DEFAULT_ACCOUNT } from '../model/event.js';`, refused: null },
  { name: 'the model never reads the catalog', file: 'src/model/x.ts', code: `import { catalog } from '../catalog/index.js';`, refused: OUTER },
  { name: 'the store never reads the recorder', file: 'src/store/x.ts', code: `import { Recorder } from '../recorder/index.js';`, refused: OUTER },
  { name: 'types count too', file: 'src/store/x.ts', code: `import type { ApiDeps } from '../api/deps.js';`, refused: OUTER },
  { name: 're-exports count too', file: 'src/model/x.ts', code: `export * from '../api/app.js';`, refused: OUTER },
  { name: 'the emulator stands on the recorder', file: 'src/emulator/world/x.ts', code: `import { Recorder } from '../../recorder/index.js';`, refused: null },
  { name: 'the emulator never reads the API', file: 'src/emulator/world/x.ts', code: `import { buildApp } from '../../api/app.js';`, refused: OUTER },
  { name: 'peers do not import one another', file: 'src/sinks/x.ts', code: `import { Agent } from '../detectors/agent.js';`, refused: OUTER },
  { name: 'the diagnosis reads the emulator', file: 'src/diagnosis/x.ts', code: `import type { Emulator } from '../emulator/emulator.js';`, refused: null },
  { name: 'the emulator never reads the diagnosis', file: 'src/emulator/x.ts', code: `import { diagnose } from '../diagnosis/index.js';`, refused: OUTER },
  { name: 'the diagnosis never reads the API', file: 'src/diagnosis/x.ts', code: `import { buildApp } from '../api/app.js';`, refused: OUTER },
  { name: 'the API never reads the CLI', file: 'src/api/rpc/x.ts', code: `import { program } from '../../cli/program.js';`, refused: OUTER },
  { name: 'nothing inner reads main.ts', file: 'src/api/x.ts', code: `import { openStores } from '../main.js';`, refused: OUTER },
  { name: 'the CLI reads main.ts', file: 'src/cli/commands/x.ts', code: `import { openStores } from '../../main.js';`, refused: null },
  { name: 'a folder reads itself at any depth', file: 'src/api/rpc/x.ts', code: `import { buildApp } from '../app.js';`, refused: null },

  // Backends: only the composition root picks one; only a backend imports its driver.
  { name: 'main.ts picks a backend', file: 'src/main.ts', code: `import { SqliteEventStore } from './store/sqlite/store.js';`, refused: null },
  { name: 'the API takes the store interface', file: 'src/api/rpc/x.ts', code: `import type { EventStore } from '../../store/index.js';`, refused: null },
  {
    name: 'the API never picks a backend',
    file: 'src/api/rpc/x.ts',
    code: `import { PostgresEventStore } from '../../store/postgres/store.js';`,
    refused: BACKEND,
  },
  {
    name: 'the CLI never picks a backend',
    file: 'src/cli/commands/x.ts',
    code: `import { SqliteEventStore } from '../../store/sqlite/store.js';`,
    refused: BACKEND,
  },
  {
    name: 'a test composes its own backend',
    file: 'src/recorder/x.test.ts',
    code: `import { SqliteEventStore } from '../store/sqlite/store.js';`,
    refused: null,
  },
  { name: 'a test keeps the layering', file: 'src/recorder/x.test.ts', code: `import { buildApp } from '../api/app.js';`, refused: OUTER },
  {
    name: 'the store core never imports a backend',
    file: 'src/store/x.ts',
    code: `import { SqliteEventStore } from './sqlite/store.js';`,
    refused: 'the store core never imports a backend',
  },
  { name: 'a backend stands on the store core', file: 'src/store/sqlite/x.ts', code: `import type { EventStore } from '../event-store.js';`, refused: null },
  {
    name: 'a backend never imports another',
    file: 'src/store/sqlite/x.ts',
    code: `import { GET_SQL } from '../postgres/store.js';`,
    refused: 'a backend never imports another',
  },
  { name: 'a backend keeps the layering', file: 'src/store/postgres/x.ts', code: `import { Recorder } from '../../recorder/index.js';`, refused: OUTER },
  { name: 'a backend imports its driver', file: 'src/store/sqlite/x.ts', code: `import Database from 'better-sqlite3';`, refused: null },
  {
    name: 'a backend never imports the other driver',
    file: 'src/store/sqlite/x.ts',
    code: `import pg from 'pg';`,
    refused: 'only src/store/postgres imports this database driver',
  },
  {
    name: 'core code never imports a driver',
    file: 'src/recorder/x.ts',
    code: `import Database from 'better-sqlite3';`,
    refused: 'only src/store/sqlite imports this database driver',
  },

  // The web framework lives in src/api.
  { name: 'the API imports Fastify', file: 'src/api/x.ts', code: `import Fastify from 'fastify';`, refused: null },
  { name: 'the emulator never imports Fastify', file: 'src/emulator/x.ts', code: `import Fastify from 'fastify';`, refused: WEB },
  { name: 'nor its plugins', file: 'src/sinks/x.ts', code: `import fastifyStatic from '@fastify/static';`, refused: WEB },
  { name: 'nor its types, in main.ts', file: 'src/main.ts', code: `import type { FastifyServerOptions } from 'fastify';`, refused: WEB },

  // The console talks to the HTTP API: from src, types only.
  {
    name: 'the console takes types from src',
    file: 'console/src/lib/x.ts',
    code: `import type { StoredEvent } from '../../../src/model/event.js';`,
    refused: null,
  },
  {
    name: 'the console takes no code from src',
    file: 'console/src/lib/x.ts',
    code: `import { DEFAULT_ACCOUNT } from '../../../src/model/event.js';`,
    refused: 'the console talks only to the HTTP API',
  },
  {
    name: 'the console takes no code from src, at its top',
    file: 'console/src/x.tsx',
    code: `import { catalog } from '../../src/catalog/index.js';`,
    refused: 'the console talks only to the HTTP API',
  },
  {
    name: 'the console imports nothing else from outside',
    file: 'console/src/ui/x.tsx',
    code: `import type { TestApp } from '../../../test/support/test-app.js';`,
    refused: 'the console is its own build',
  },
  { name: 'the console reads its own folders', file: 'console/src/ui/x.tsx', code: `import { api } from '../lib/api.js';`, refused: null },
];

describe('import boundaries (eslint.config.js)', () => {
  let eslint: ESLint;
  beforeAll(() => {
    eslint = new ESLint({ cwd: ROOT });
  });

  it.each(SCENARIOS)('$name: $file', async ({ file, code, refused }) => {
    const [result] = await eslint.lintText(`${code}\n`, { filePath: `${ROOT}${file}` });
    const messages = (result?.messages ?? []).filter((m) => m.ruleId === RULE || m.fatal);
    if (refused === null) {
      expect(messages).toEqual([]);
    } else {
      expect(messages.map((m) => m.message)).toEqual([expect.stringContaining(refused)]);
    }
  });

  it('reaches every file under src and console/src, however deep', async () => {
    // The blocks are made per folder and depth (eslint.boundaries.js): a file deeper than they go would go unchecked.
    const files = ['src', 'console/src'].flatMap((dir) =>
      readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
        .filter((name) => /\.tsx?$/.test(name))
        .map((name) => join(dir, name)),
    );
    expect(files.length).toBeGreaterThan(400);
    const unchecked: string[] = [];
    for (const file of files) {
      const config = (await eslint.calculateConfigForFile(join(ROOT, file))) as { rules: Record<string, [number, ...unknown[]] | undefined> };
      if (config.rules[RULE]?.[0] !== 2) unchecked.push(file);
    }
    expect(unchecked).toEqual([]);
  });
});

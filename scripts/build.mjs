#!/usr/bin/env node
// Builds what changed, and nothing else: `npm ci` builds (prepare), and `npm start` or `npm test`
// right after it start at once instead of compiling everything again. Plain JavaScript because it
// runs before anything is compiled.
//
// Each output (dist/ for the server, console/dist/ for the console) has a stamp: a hash of its
// inputs' paths and contents when it was last built. A build runs when the inputs hash to
// something else (a file edited, added or removed, another branch checked out, a new lockfile) or
// the stamp is missing. Contents, not mtimes: a checkout or a copy that touches every file does not
// rebuild, and a file restored to what was built does not either.
//
//   node scripts/build.mjs            build what is stale
//   node scripts/build.mjs --force    build everything
//   node scripts/build.mjs --dry-run  only say what is stale
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(ROOT, 'node_modules', '.bin', name);

/** Test files are compiled by vitest from source, never into dist/: editing one rebuilds nothing. */
const notTest = (file) => !/\.(test|typecheck)\.tsx?$/.test(file);

const STEPS = [
  {
    name: 'server',
    stamp: 'dist/.build-stamp',
    inputs: ['src', 'bench', 'scripts', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'],
    keep: notTest,
    commands: [[bin('tsc'), '-p', 'tsconfig.build.json']],
  },
  {
    name: 'console',
    stamp: 'console/dist/.build-stamp',
    inputs: ['console', 'package-lock.json'],
    keep: (file) => notTest(file) && !file.startsWith(`console${sep}dist${sep}`),
    commands: [
      [bin('tsc'), '-p', 'console/tsconfig.json'],
      [bin('vite'), 'build', 'console', '--logLevel', 'warn'],
    ],
    // What the bundle pulled in from outside console/ (a type or schema under src/): its source
    // maps name every module, so those files count as inputs too.
    bundled: () => bundledSources('console/dist/assets'),
  },
];

/** Every file of the given files and folders, as paths relative to the root. */
function listInputs(paths) {
  return paths.flatMap((path) => {
    const full = join(ROOT, path);
    if (!existsSync(full)) return [];
    if (!statSync(full).isDirectory()) return [path];
    return readdirSync(full, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile())
      .map((e) => relative(ROOT, join(e.parentPath, e.name)));
  });
}

function bundledSources(assetsDir) {
  const dir = join(ROOT, assetsDir);
  if (!existsSync(dir)) return [];
  const files = new Set();
  for (const map of readdirSync(dir).filter((f) => f.endsWith('.map'))) {
    const { sources = [] } = JSON.parse(readFileSync(join(dir, map), 'utf8'));
    for (const source of sources) {
      const file = relative(ROOT, resolve(dir, source));
      if (!file.startsWith('..') && !file.split(sep).includes('node_modules') && !file.startsWith(`console${sep}`)) files.add(file);
    }
  }
  return [...files];
}

function hashOf(files) {
  const hash = createHash('sha256');
  for (const file of [...new Set(files)].sort()) {
    hash.update(file).update('\0');
    hash.update(existsSync(join(ROOT, file)) ? readFileSync(join(ROOT, file)) : '(missing)').update('\0');
  }
  return hash.digest('hex');
}

function readStamp(path) {
  try {
    return JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
  } catch {
    return undefined;
  }
}

function run(step, reason) {
  console.error(`build: ${step.name} (${reason})`);
  for (const [command, ...args] of step.commands) {
    const r = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
    if (r.error) throw r.error;
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

const force = process.argv.includes('--force');
const dryRun = process.argv.includes('--dry-run');
for (const step of STEPS) {
  const own = listInputs(step.inputs).filter(step.keep);
  const stamp = readStamp(step.stamp);
  const before = hashOf([...own, ...(stamp?.bundled ?? [])]);
  if (!force && stamp?.hash === before) continue;
  const reason = force ? 'forced' : stamp ? 'its sources changed' : 'not built yet';
  if (dryRun) {
    console.error(`build: ${step.name} would build (${reason})`);
    continue;
  }
  run(step, reason);
  const bundled = step.bundled?.() ?? [];
  mkdirSync(dirname(join(ROOT, step.stamp)), { recursive: true });
  writeFileSync(join(ROOT, step.stamp), `${JSON.stringify({ hash: hashOf([...own, ...bundled]), bundled })}\n`);
}

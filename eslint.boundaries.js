// The layering of shared/DESIGN.md as lint rules:
//   model → contracts → catalog → correlator → store → recorder → emulator, detectors, sinks → diagnosis → api → cli/main
// A folder imports only folders to its left; emulator, detectors and sinks are peers that stand on
// the recorder and store and do not import one another. Only src/main.ts (the composition root)
// picks a store backend, only a backend imports its driver, only src/api imports the web
// framework, and the console takes nothing but types from src (it talks to the HTTP API).
//
// The rule matches import specifiers as written, and a relative specifier names a folder only
// given the importing file's depth: one block per (folder, depth) turns "src/api" into the exact
// number of "../" that reaches it from there. ESLint keeps one set of options per rule and file,
// so each block carries every restriction that applies to its files, and no two blocks overlap.

const LAYERS = ['model', 'contracts', 'catalog', 'correlator', 'store', 'recorder', 'emulator', 'detectors', 'sinks', 'diagnosis', 'api', 'cli'];
// contracts: the /v1 wire shapes, on TypeBox and src/model only, for every layer and the console.
// diagnosis: reasons over events with the emulator's world as facts (emulator-facts.ts), for the API and CLI.
const RANK = {
  model: 0,
  contracts: 0.5,
  catalog: 1,
  correlator: 2,
  store: 3,
  recorder: 4,
  emulator: 5,
  detectors: 5,
  sinks: 5,
  diagnosis: 5.5,
  api: 6,
  cli: 7,
};
const BACKENDS = ['sqlite', 'postgres'];
const DRIVERS = { sqlite: ['better-sqlite3'], postgres: ['pg', 'pg-*'] };
// Deeper than any folder today (src/emulator/world/x.ts is 2); a file below this depth goes unchecked.
const MAX_DEPTH = 8;
const TEST_FILES = ['*.test.ts', '*.typecheck.ts'];

const depths = () => Array.from({ length: MAX_DEPTH }, (_, i) => i + 1);
const up = (depth) => '\\.\\./'.repeat(depth);
const filesAt = (folder, depth, names = ['*.{ts,tsx}']) => names.map((name) => `${folder}/${'*/'.repeat(depth - 1)}${name}`);

const WEB_FRAMEWORK = {
  group: ['fastify', 'fastify/**', '@fastify/*', 'light-my-request'],
  message: 'only src/api imports the web framework (shared/DESIGN.md, Layout): give this layer a plain interface and adapt it in src/api.',
};
const driversOf = (backend) => ({
  group: DRIVERS[backend],
  message: `only src/store/${backend} imports this database driver (shared/DESIGN.md, Layout).`,
});
const ALL_DRIVERS = BACKENDS.map(driversOf);

/** Every folder to the right of `layer` in the chain (its peers too), and main.ts. */
function outerLayers(layer, depth) {
  const outer = LAYERS.filter((other) => other !== layer && RANK[other] >= RANK[layer]);
  const names = outer.map((name) => `${name}/`);
  if (layer !== 'cli') names.push('main\\.js$');
  if (names.length === 0) return [];
  return [
    {
      regex: `^${up(depth)}(?:${names.join('|')})`,
      message: `src/${layer} may not import ${[...outer, ...(layer === 'cli' ? [] : ['main'])].join(', ')}: inner folders never import outer ones (shared/DESIGN.md, Layout).`,
    },
  ];
}

const backendFrom = (depth) => ({
  regex: `^${up(depth)}store/(?:${BACKENDS.join('|')})/`,
  message: 'only src/main.ts picks a store backend: depend on the interfaces of src/store/index.ts and let main.ts pass the backend in.',
});

/** A folder's files at one depth: production code gets every restriction, tests all but `forCode`. */
function blocksAt(folder, depth, { always, forCode, except = [] }) {
  return [
    { files: filesAt(folder, depth), ignores: [...filesAt(folder, depth, TEST_FILES), ...except], rules: restrict([...always, ...forCode]) },
    { files: filesAt(folder, depth, TEST_FILES), ignores: except, rules: restrict(always) },
  ];
}

function layerBlocks(layer) {
  return depths().flatMap((depth) =>
    blocksAt(`src/${layer}`, depth, {
      always: [...outerLayers(layer, depth), ...(layer === 'api' ? [] : [WEB_FRAMEWORK])],
      // Tests compose their own backends (test/support/backends.ts), as main.ts does.
      forCode: [backendFrom(depth), ...ALL_DRIVERS],
    }),
  );
}

/** Inside src/store: the core never imports a backend, and a backend never imports the other. */
function storeBlocks() {
  const core = depths().flatMap((depth) =>
    blocksAt('src/store', depth, {
      always: [...outerLayers('store', depth), WEB_FRAMEWORK],
      forCode: [
        {
          regex: `^${depth === 1 ? '\\./' : up(depth - 1)}(?:${BACKENDS.join('|')})/`,
          message: 'the store core never imports a backend (shared/DESIGN.md, Kysely): only src/main.ts picks one.',
        },
        ...ALL_DRIVERS,
      ],
      except: BACKENDS.map((backend) => `src/store/${backend}/**`),
    }),
  );
  const backends = BACKENDS.flatMap((backend) => {
    const others = BACKENDS.filter((other) => other !== backend);
    const fromOther = (depth) => ({
      regex: `^${up(depth - 1)}(?:${others.join('|')})/`,
      message: `a backend never imports another: src/store/${backend} may not import ${others.join(', ')}.`,
    });
    return depths()
      .slice(1)
      .flatMap((depth) =>
        blocksAt(`src/store/${backend}`, depth - 1, {
          always: [...outerLayers('store', depth), fromOther(depth), WEB_FRAMEWORK],
          forCode: others.map(driversOf),
        }),
      );
  });
  return [...core, ...backends];
}

/** The console talks to the HTTP API only: from src it takes types, from elsewhere outside console/ nothing. */
function consoleBlocks() {
  return depths().map((depth) => ({
    files: filesAt('console/src', depth),
    rules: restrict([
      {
        regex: `^${up(depth + 1)}src/`,
        allowTypeImports: true,
        message: 'the console talks only to the HTTP API: it may take types from src (`import type`), no code.',
      },
      { regex: `^${up(depth + 1)}(?!src/)`, message: 'the console is its own build: it imports nothing from outside console/ but types from src.' },
      WEB_FRAMEWORK,
      ...ALL_DRIVERS,
    ]),
  }));
}

function restrict(patterns) {
  return { 'no-restricted-imports': 'off', '@typescript-eslint/no-restricted-imports': ['error', { patterns }] };
}

export const boundaries = [
  ...LAYERS.filter((layer) => layer !== 'store').flatMap(layerBlocks),
  ...storeBlocks(),
  ...consoleBlocks(),
  // The composition root picks backends; the web framework's types reach it through src/api.
  { files: ['src/*.ts'], rules: restrict([WEB_FRAMEWORK, ...ALL_DRIVERS]) },
];

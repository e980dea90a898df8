// The three surfaces (OpenAPI in rpc/, the JSON API in routes/, the Kubernetes-style API in kube/)
// stand on what api/ shares (core/, sdk-models/, changes/, ...), never on one another: a change
// inside one surface must not move another's answers.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const API = dirname(fileURLToPath(import.meta.url));
const SURFACES = ['rpc', 'routes', 'kube'] as const;
/** What every surface stands on: it imports no surface. */
const SHARED = ['core', 'sdk-models'] as const;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** Every module a file imports or re-exports, static or dynamic, resolved to a path under api/. */
export function importedFolders(file: string): Array<{ spec: string; folder: string }> {
  const text = readFileSync(file, 'utf8');
  const out: Array<{ spec: string; folder: string }> = [];
  for (const m of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const at = relative(API, resolve(dirname(file), m[1]!));
    out.push({ spec: m[1]!, folder: at.split('/')[0]! });
  }
  return out;
}

function crossings(folder: string, forbidden: readonly string[]): string[] {
  return sourceFiles(join(API, folder)).flatMap((file) =>
    importedFolders(file)
      .filter((i) => i.folder !== folder && forbidden.includes(i.folder))
      .map((i) => `${relative(API, file)} imports ${i.spec}`),
  );
}

describe('api surface boundaries', () => {
  it.each(SURFACES)('%s/ imports no other surface', (surface) => {
    expect(crossings(surface, SURFACES)).toEqual([]);
  });

  it.each(SHARED)('%s/ imports no surface', (shared) => {
    expect(crossings(shared, SURFACES)).toEqual([]);
  });

  it('sees imports that cross, in every form an import takes', () => {
    // The check itself must be able to fail: replicas/ (which answers in each surface's words on
    // its behalf, as app.ts wires them) does reach into surfaces, and is seen to.
    expect(crossings('replicas', SURFACES).length).toBeGreaterThan(0);
    expect(importedFolders(join(API, 'app.ts')).map((i) => i.folder)).toEqual(expect.arrayContaining(['rpc', 'routes', 'kube']));
  });
});

// docs/OPERATIONS.md: every operation of the official SDK has a row saying what it does here
// (or is listed as not answered yet), every answered action has a row, and the committed file is
// what `npm run operations-doc` writes. A new SDK operation without a row fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NOT_ANSWERED, OPERATIONS_DOC_FILE, operationProblems, operationsDocText, sdkOperations } from '../scripts/operations-doc.js';
import { ACTIONS } from '../src/api/rpc/actions/index.js';

describe('docs/OPERATIONS.md', () => {
  it('has a row for every SDK operation, and only for actions the service answers', () => {
    expect(sdkOperations().length).toBeGreaterThan(30);
    expect(operationProblems()).toEqual([]);
    expect(sdkOperations().filter((op) => !(op in ACTIONS))).toEqual([...NOT_ANSWERED].sort());
  });

  it('is what npm run operations-doc writes', () => {
    const committed = readFileSync(new URL(`../${OPERATIONS_DOC_FILE}`, import.meta.url), 'utf8');
    expect(committed === operationsDocText(), `${OPERATIONS_DOC_FILE} is stale: run \`npm run operations-doc\` and commit it`).toBe(true);
  });
});

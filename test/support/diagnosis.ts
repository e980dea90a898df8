// Diagnoses in the world scenarios: the JSON route, and the CLI (`explain`) that must print the
// same answer (--json) and, as text, every cause's title, remedy, facts and evidence.
import { expect } from 'vitest';
import type { AccountDiagnoses, Diagnosis } from '../../src/diagnosis/shape.js';
import { runCli } from './cli.js';
import { DEFAULT, type WorldServer } from './world-scenarios.js';

export async function diagnosisOf(ws: WorldServer, id: string, account = DEFAULT): Promise<Diagnosis> {
  const r = await ws.control('GET', `/v1/groups/${encodeURIComponent(id)}/diagnosis`, undefined, account);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as unknown as Diagnosis;
}

export async function accountDiagnoses(ws: WorldServer, account = DEFAULT, query = ''): Promise<AccountDiagnoses> {
  const r = await ws.control('GET', `/v1/diagnoses${query}`, undefined, account);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as unknown as AccountDiagnoses;
}

/** `eci-events explain ARGS` against the world's server, as the account. */
export function explain(ws: WorldServer, args: string[], account = DEFAULT): { status: number | null; stdout: string; stderr: string } {
  const key = ws.key(account);
  return runCli(['explain', ...args, '--endpoint', ws.server.url], { ECI_EVENTS_ACCESS_KEY_ID: key.id, ECI_EVENTS_ACCESS_KEY_SECRET: key.secret });
}

/** The route's diagnosis, which `explain ID --json` prints as it is and `explain ID` as text. */
export async function explained(ws: WorldServer, id: string, account = DEFAULT): Promise<Diagnosis> {
  const d = await diagnosisOf(ws, id, account);
  const json = explain(ws, [id, '--json'], account);
  expect(json.status, json.stderr).toBe(0);
  expect(JSON.parse(json.stdout)).toEqual(d);
  const text = explain(ws, [id], account);
  expect(text.status, text.stderr).toBe(0);
  expect(text.stdout).toContain(d.summary);
  for (const c of d.causes) {
    for (const line of [c.title, c.remedy, ...c.facts]) expect(text.stdout).toContain(line);
    for (const e of c.evidence) expect(text.stdout).toContain(`${e.type} ${e.reason} ×${e.count}`);
  }
  return d;
}

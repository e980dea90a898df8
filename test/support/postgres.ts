// PostgreSQL for tests: a fresh database per suite on the server at ECI_EVENTS_TEST_PG
// (default postgres://postgres@127.0.0.1:5432/test). Without a server the suites are skipped with
// a line saying so, except under CI=true, where a missing server fails the run.
import pg from 'pg';

export const ADMIN_URL = process.env.ECI_EVENTS_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const problem = await reachable();
if (problem !== undefined) {
  if (process.env.CI === 'true') throw new Error(`PostgreSQL is required under CI but ${ADMIN_URL} is unreachable: ${problem}`);
  console.warn(`SKIPPING PostgreSQL tests: ${ADMIN_URL} is unreachable (${problem}). Set ECI_EVENTS_TEST_PG to run them.`);
}

/** True when the PostgreSQL suites can run here. */
export const postgresAvailable = problem === undefined;

/** Creates an empty database and returns its URL and a function that drops it. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `eci_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

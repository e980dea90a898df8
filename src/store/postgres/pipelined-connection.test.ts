// The write connection's own behaviour: statements pipelined in order, a refused one alone
// failing, a connection that cannot be made failing its statements with its own reason, and a
// failed connection replaced for the next statement.
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_URL, postgresAvailable } from '../../../test/support/postgres.js';
import { PipelinedConnection } from './pipelined-connection.js';

/** A local port nothing listens on: taken, then freed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.skipIf(!postgresAvailable)('PipelinedConnection', () => {
  let conn: PipelinedConnection | undefined;
  afterEach(async () => {
    await conn?.close();
    conn = undefined;
  });

  it('runs statements in the order given, each alone: a refused one fails by itself', async () => {
    conn = new PipelinedConnection(ADMIN_URL, 'eci-events test');
    const answers = await Promise.allSettled([
      conn.query<{ n: number }>({ text: 'SELECT 1 AS n' }),
      conn.query({ text: 'SELECT 1 / 0' }),
      conn.query<{ n: number; name: string }>({ text: "SELECT 2 AS n, current_setting('application_name') AS name" }),
    ]);
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((answers[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'division by zero' });
    expect((answers[2] as PromiseFulfilledResult<{ rows: unknown[] }>).value.rows).toEqual([{ n: 2, name: 'eci-events test' }]);
  });

  it('fails statements on a connection that cannot be made with its reason', async () => {
    const url = new URL(ADMIN_URL);
    url.port = String(await closedPort());
    conn = new PipelinedConnection(url.toString(), 'eci-events test');
    await expect(conn.query({ text: 'SELECT 1' })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('opens another connection for the next statement once one has failed', async () => {
    // A server that takes each connection and drops it at once: one accepted connection per attempt.
    let attempts = 0;
    const server = createServer((socket) => {
      attempts++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = new URL(ADMIN_URL);
      url.port = String((server.address() as AddressInfo).port);
      conn = new PipelinedConnection(url.toString(), 'eci-events test');
      await expect(conn.query({ text: 'SELECT 1' })).rejects.toThrow();
      await expect(conn.query({ text: 'SELECT 1' })).rejects.toThrow();
      expect(attempts).toBe(2);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

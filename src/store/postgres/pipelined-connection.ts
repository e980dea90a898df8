import pg from 'pg';

/**
 * One connection that sends each statement at once, behind those still running (the protocol's
 * pipeline mode, `pipeline` in node-postgres): the server runs them in the order sent, each in
 * its own implicit transaction, and starts the next as soon as the last is done, without waiting
 * for this process to read the answer and send it. A connection that fails fails what it holds;
 * the next statement opens another.
 */
export class PipelinedConnection {
  private client: pg.Client | undefined;

  constructor(
    private readonly connectionString: string,
    /** How the connection shows in pg_stat_activity (a connection string's own setting wins). */
    private readonly applicationName: string,
  ) {}

  query<R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>> {
    return this.connected().query<R>(config);
  }

  /** Waits for what was sent, then closes. */
  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end();
  }

  private connected(): pg.Client {
    if (this.client) return this.client;
    const client = new pg.Client({ connectionString: this.connectionString, application_name: this.applicationName, pipeline: true });
    const drop = () => {
      if (this.client === client) this.client = undefined;
    };
    // Statements given before the connection is up wait in the client, in order; a failure,
    // then or later, fails them all. Unheard, its 'error' would end the process.
    client.on('error', drop);
    client.on('end', drop);
    client.connect().catch(drop);
    this.client = client;
    return client;
  }
}

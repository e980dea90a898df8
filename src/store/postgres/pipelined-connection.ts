import pg from 'pg';

/**
 * One connection that sends each statement at once, behind those still running (the protocol's
 * pipeline mode, `pipeline` in node-postgres): the server runs them in the order sent, each in
 * its own implicit transaction, and starts the next as soon as the last is done, without waiting
 * for this process to read the answer and send it. A connection that fails fails what it holds;
 * the next statement opens another.
 */
export class PipelinedConnection {
  private current: { client: pg.Client; connecting: Promise<Error | undefined> } | undefined;

  constructor(
    private readonly connectionString: string,
    /** How the connection shows in pg_stat_activity (a connection string's own setting wins). */
    private readonly applicationName: string,
  ) {}

  query<R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>> {
    const { client, connecting } = this.connection();
    return client.query<R>(config).catch(async (err: unknown) => {
      // Statements given to a connection that could not be made fail as "terminated": say why.
      throw (await connecting) ?? err;
    });
  }

  /** Waits for what was sent, then closes. */
  async close(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    await current?.client.end();
  }

  private connection(): { client: pg.Client; connecting: Promise<Error | undefined> } {
    if (this.current) return this.current;
    const client = new pg.Client({ connectionString: this.connectionString, application_name: this.applicationName, pipeline: true });
    const drop = () => {
      if (this.current?.client === client) this.current = undefined;
    };
    // Statements given before the connection is up wait in the client, in order; a failure,
    // then or later, fails them all. Unheard, its 'error' would end the process.
    client.on('error', drop);
    client.on('end', drop);
    const connecting = client.connect().then(
      () => undefined,
      (err: unknown) => {
        drop();
        return err instanceof Error ? err : new Error(String(err));
      },
    );
    this.current = { client, connecting };
    return this.current;
  }
}

import Table from 'cli-table3';
import { newAccessKey, openStores } from '../../main.js';
import { systemClock } from '../../model/clock.js';
import { DEFAULT_ACCOUNT } from '../../model/event.js';
import { UsageError, type Io } from '../io.js';
import { keyEnvironment } from '../key-environment.js';

export interface KeysOptions {
  db: string;
  /** The service's address, for the ECI_EVENTS_ENDPOINT line of `create` (this command only opens the database). */
  endpoint: string;
  account?: string;
  json?: boolean;
}

/**
 * Manages accounts' access keys in the service's database. A running service sees a new key at
 * once, and a deleted one on SQLite at its next request, on PostgreSQL within KEY_RECHECK_MS.
 */
export async function keysCommand(verb: string, id: string | undefined, options: KeysOptions, io: Io): Promise<void> {
  if (options.db === ':memory:') throw new UsageError('--db :memory: has no keys to manage: point --db at the database the service uses');
  const stores = await openStores(options.db);
  try {
    if (verb === 'create') {
      const key = newAccessKey(options.account ?? DEFAULT_ACCOUNT, systemClock.now());
      await stores.keys.put(key);
      if (options.json) return io.out(JSON.stringify(key));
      // Ready to paste into a shell (or eval): the comment line is ignored there.
      io.out(
        [
          `# An access key of the account ${JSON.stringify(key.account)}. The CLI and the SDK snippets read these variables.`,
          ...keyEnvironment(options.endpoint, key),
        ].join('\n'),
      );
    } else if (verb === 'list') {
      const keys = await stores.keys.list(options.account);
      if (options.json) {
        io.out(
          JSON.stringify(
            keys.map(({ accessKeyId, account, createdAt }) => ({ accessKeyId, account, createdAt: new Date(createdAt / 1000).toISOString() })),
            null,
            2,
          ),
        );
        return;
      }
      if (keys.length === 0) {
        io.out(
          `no access keys${options.account === undefined ? '' : ` of the account ${JSON.stringify(options.account)}`} in this database: \`eci-events keys create\` makes one`,
        );
        return;
      }
      const table = new Table({ head: ['Account', 'AccessKeyId', 'Created'], style: { head: [], border: [], compact: true } });
      for (const k of keys) table.push([k.account, k.accessKeyId, new Date(k.createdAt / 1000).toISOString()]);
      io.out(table.toString());
    } else if (verb === 'delete') {
      if (!id) throw new UsageError('keys delete needs the AccessKeyId to delete');
      if (!(await stores.keys.delete(id))) throw new UsageError(`no access key ${JSON.stringify(id)}`);
      io.out(`deleted ${id}`);
    } else {
      throw new UsageError(`unknown keys command ${JSON.stringify(verb)}: use create, list or delete`);
    }
  } finally {
    await stores.close();
  }
}

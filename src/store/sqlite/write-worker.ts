// The thread that owns a SQLite deployment's write connection (see write-thread.ts): it runs the
// event store's own record() on a store of its own over the same file, one message at a time, and
// answers each once its transaction is committed.
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEventStore } from './store.js';
import { encodeError, type CheckpointRequest, type RowsRequest, type RowsWritten, type WriteReply, type WriteRequest } from './write-messages.js';

const port = parentPort!;
// The worker's connection maps as much of the file as the request thread's (each counts in RSS).
const { path, mmapSize } = workerData as { path: string; mmapSize?: number };
const store = new SqliteEventStore(path, mmapSize === undefined ? {} : { mmapSize });

/** Answers a request that runs synchronously here: what it gave, or its error. */
function answer(id: number, work: () => { written: RowsWritten } | { checkpointed: true }): void {
  let reply: WriteReply;
  try {
    reply = { id, ...work() };
  } catch (err) {
    reply = { id, error: encodeError(err) };
  }
  port.postMessage(reply);
}

port.on('message', (m: WriteRequest | RowsRequest | CheckpointRequest | { close: true }) => {
  if ('close' in m) {
    void store.close().then(() => port.close());
    return;
  }
  if ('checkpoint' in m) {
    return answer(m.id, () => {
      store.checkpoint();
      return { checkpointed: true };
    });
  }
  if ('rows' in m) return answer(m.id, () => ({ written: store.writeRows(m.rows) }));
  // record() is synchronous inside: messages are written in the order they came, none overlaps.
  store.record(m.writes, m.options).then(
    (events) => port.postMessage({ id: m.id, events } satisfies WriteReply),
    (err: unknown) => port.postMessage({ id: m.id, error: encodeError(err) } satisfies WriteReply),
  );
});

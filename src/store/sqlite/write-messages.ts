// What goes between the event store and its write thread: batches one way, stored events or the
// failure the other. A failure crosses as data and is rebuilt as what the store's callers test
// for: a SqliteError with its code (systemic or not), StateFencedError, and the rolled-back mark
// that lets the recorder retry a batch apart.
import Database from 'better-sqlite3';
import type { StoredEvent } from '../../model/event.js';
import { StateFencedError } from '../emulator-state.js';
import type { EventWrite, RecordOptions } from '../event-store.js';
import { isRolledBack, markRolledBack } from '../record-apart.js';

export interface WriteRequest {
  id: number;
  writes: readonly EventWrite[];
  options: RecordOptions;
}

/**
 * A batch of plain reports, merged and bound on the request thread (row-codec.ts bindWrite): the
 * thread stamps and writes the rows, and answers with the version block's end and only the rows it
 * read back, so that little crosses either way.
 */
export interface RowsRequest {
  id: number;
  rows: unknown[][];
}

/** Checkpoint the log now (PASSIVE), between batches: asked by the request thread, whose connection does not. */
export interface CheckpointRequest {
  id: number;
  checkpoint: true;
}

/** What the store's writeRows() answers: the block's last version, and [row, values] of the rows read back. */
export interface RowsWritten {
  top: number;
  readBack: Array<[number, unknown[]]>;
}

export interface EncodedError {
  kind: 'sqlite' | 'fenced' | 'other';
  name: string;
  message: string;
  code?: string;
  rolledBack: boolean;
}

export type WriteReply =
  { id: number; events: StoredEvent[] } | { id: number; written: RowsWritten } | { id: number; checkpointed: true } | { id: number; error: EncodedError };

export function encodeError(err: unknown): EncodedError {
  const e = err instanceof Error ? err : new Error(String(err));
  return {
    kind: err instanceof Database.SqliteError ? 'sqlite' : err instanceof StateFencedError ? 'fenced' : 'other',
    name: e.name,
    message: e.message,
    ...(err instanceof Database.SqliteError ? { code: err.code } : {}),
    rolledBack: isRolledBack(err),
  };
}

export function decodeError(e: EncodedError): Error {
  let err: Error;
  if (e.kind === 'sqlite') err = new Database.SqliteError(e.message, e.code ?? 'SQLITE_ERROR');
  else if (e.kind === 'fenced') err = new StateFencedError(e.message);
  else {
    err = new Error(e.message);
    err.name = e.name;
  }
  return e.rolledBack ? markRolledBack(err) : err;
}

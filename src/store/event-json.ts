// Events read as JSON text of a shape the caller gives, built by the database. Turning 18 columns
// of 200 rows into JavaScript values, then into objects of the answer's shape, then into its
// JSON, was most of the CPU DescribeContainerGroupEvents cost beyond reading the rows; one text
// per event and its two times as integers is a fifth as many values to hand over. The store
// knows no answer's shape: the caller names every key, and which field each holds.
import type { EventView } from '../model/event.js';
import { toRfc3339Seconds } from '../model/time.js';
import { columnOf, type EventPath } from './columns.js';

/** A time field, written as RFC 3339 in whole seconds (2026-11-01T00:00:00Z), as the OpenAPI shows times. */
export interface Rfc3339Seconds {
  readonly rfc3339Seconds: 'firstTimestamp' | 'lastTimestamp';
}

/** A member's value: a field as stored (text or integer), a time, or an object of members. */
export type EventJsonValue = EventPath | Rfc3339Seconds | EventJsonShape;

/** The members of a JSON object, in order. Times may only be members of the outermost object. */
export type EventJsonShape = ReadonlyArray<readonly [key: string, value: EventJsonValue]>;

/** A group's newest events as JSON text. */
export interface GroupEventsJson {
  /** How many events `json` holds. */
  count: number;
  /** A JSON array of one object per event, newest first, each of the shape asked for. */
  json: string;
  /** What the newest event is about, when the group has any: its involved object's name and namespace. */
  object?: { name: string; namespace: string };
}

/** How a database writes the JSON text of an object from SQL expressions (sqlite/dialect.ts). */
export type JsonSql = (members: ReadonlyArray<readonly [key: string, sql: string, nested: boolean]>) => string;

/** A shape made into SQL: the expressions to select, and how to make one event's text of their values. */
export interface CompiledEventJson {
  /** SQL expressions, selected in this order. */
  readonly columns: readonly string[];
  /** The JSON array of the rows' events, from the values of `columns` found in each row from `at` on. */
  array(rows: readonly (readonly unknown[])[], at: number): string;
}

// Keys go into SQL as literals: the caller's constants, never data, and checked to be plain names.
const KEY = /^[A-Za-z][A-Za-z0-9]*$/;

function isTime(v: EventJsonValue): v is Rfc3339Seconds {
  return typeof v === 'object' && !Array.isArray(v);
}

function sqlOf(members: EventJsonShape, json: JsonSql): string {
  return json(
    members.map(([key, value]) => {
      if (!KEY.test(key)) throw new Error(`event JSON: ${JSON.stringify(key)} is not a plain key`);
      if (isTime(value)) throw new Error(`event JSON: the time ${key} must be a member of the outermost object`);
      if (typeof value === 'string') {
        const column = columnOf(value);
        if (!column) throw new Error(`event JSON: no column holds ${value}`);
        return [key, column.name, false] as const;
      }
      return [key, sqlOf(value as EventJsonShape, json), true] as const;
    }),
  );
}

/**
 * The shape as SQL. The outermost object is selected in runs of members between its times, each
 * run an object of its own whose braces are dropped when the texts are joined; the times are
 * selected as integers and written here (formatting them in SQL cost more than the rest of the
 * text together, and toRfc3339Seconds caches the seconds it has written).
 */
function compile(shape: EventJsonShape, json: JsonSql): CompiledEventJson {
  const columns: string[] = [];
  // Each piece: a run's column (its text less the braces), or a time's column and quoted key.
  const pieces: Array<{ run: number } | { time: number; key: string }> = [];
  let run: Array<readonly [string, EventJsonValue]> = [];
  const endRun = () => {
    if (run.length === 0) return;
    pieces.push({ run: columns.push(sqlOf(run, json)) - 1 });
    run = [];
  };
  for (const [key, value] of shape) {
    if (!isTime(value)) {
      run.push([key, value]);
      continue;
    }
    if (!KEY.test(key)) throw new Error(`event JSON: ${JSON.stringify(key)} is not a plain key`);
    endRun();
    const column = value.rfc3339Seconds === 'firstTimestamp' ? 'first_ts' : 'last_ts';
    pieces.push({ time: columns.push(column) - 1, key: `"${key}":"` });
  }
  endRun();
  const text = (row: readonly unknown[], at: number) => {
    let out = '{';
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i]!;
      if (i > 0) out += ',';
      if ('run' in p) {
        const t = row[at + p.run] as string;
        out += t.slice(1, -1);
      } else out += p.key + toRfc3339Seconds(Number(row[at + p.time])) + '"';
    }
    return out + '}';
  };
  return {
    columns,
    array(rows, at) {
      let out = '[';
      for (let i = 0; i < rows.length; i++) out += (i ? ',' : '') + text(rows[i]!, at);
      return out + ']';
    },
  };
}

const compiled = new WeakMap<JsonSql, WeakMap<EventJsonShape, CompiledEventJson>>();

/** The shape as one database's SQL, made once per shape (callers keep their shape in a constant). */
export function compileEventJson(shape: EventJsonShape, json: JsonSql): CompiledEventJson {
  let byShape = compiled.get(json);
  if (!byShape) compiled.set(json, (byShape = new WeakMap()));
  let c = byShape.get(shape);
  if (!c) byShape.set(shape, (c = compile(shape, json)));
  return c;
}

/** An event's value at `value` of a shape, read from the event in memory. */
type Reader = (e: EventView) => unknown;

function readerOf(value: EventJsonValue): Reader {
  if (isTime(value)) {
    const field = value.rfc3339Seconds;
    return (e) => toRfc3339Seconds(e[field]);
  }
  if (typeof value === 'string') {
    // One level deep at most (EventPath): `reason`, `involvedObject.uid`, `source.host`.
    const [outer, inner] = value.split('.') as [string, string | undefined];
    const record = (e: EventView) => e as unknown as Record<string, unknown>;
    return inner === undefined ? (e) => record(e)[outer] : (e) => (record(e)[outer] as Record<string, unknown>)[inner];
  }
  const members = value.map(([key, v]) => [key, readerOf(v)] as const);
  return (e) => {
    const out: Record<string, unknown> = {};
    for (const [key, read] of members) out[key] = read(e);
    return out;
  };
}

/**
 * The shape as a function from an event in memory to its object, member for member as the
 * database writes its text: for a store without newestPerGroupJson, so that the shape is the one
 * declaration of the answer either way.
 */
export function eventObjectOf(shape: EventJsonShape): (e: EventView) => Record<string, unknown> {
  return readerOf(shape) as (e: EventView) => Record<string, unknown>;
}

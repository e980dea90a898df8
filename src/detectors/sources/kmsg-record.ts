// The records of /dev/kmsg (Documentation/ABI/testing/dev-kmsg): "PRI,SEQ,TS_USEC,FLAGS[,...];TEXT"
// followed by continuation lines " KEY=VALUE" (the device's dictionary). PRI holds the facility
// and the level (PRI & 7); TS_USEC is microseconds since boot.

export interface KmsgRecord {
  level: number;
  facility: number;
  seq: number;
  /** Microseconds since boot. */
  tsMicros: number;
  /** '-' for a record continued by the next one ('c' in old kernels), '+' for a continuation. */
  flag: string;
  text: string;
}

const HEAD = /^(\d+),(\d+),(\d+),([^,;]*)[^;]*;/;

/** One record from its first line; undefined for a dictionary line or anything else. */
export function parseKmsgRecord(line: string): KmsgRecord | undefined {
  const m = HEAD.exec(line);
  if (!m) return undefined;
  const pri = Number(m[1]);
  return { level: pri & 7, facility: pri >> 3, seq: Number(m[2]), tsMicros: Number(m[3]), flag: m[4]!, text: line.slice(m[0].length) };
}

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

/** `dmesg`'s prefix: seconds since boot in brackets. */
const DMESG_TIME = /^\[\s*(\d+)\.(\d{1,9})\]\s?/;
/** A syslog or journal line of the kernel ("Dec  7 12:00:00 host kernel: ..."), up to the text. */
const SYSLOG_KERNEL = /^.{0,80}?\skernel: /;

export interface KernelLine {
  text: string;
  /** Microseconds since boot, when the line says (a kmsg record, a dmesg line). */
  tsMicros?: number;
}

/**
 * A line of a file read as the kernel's log, in whichever form it was saved: a /dev/kmsg record,
 * a `dmesg` line ("[  345.678901] text"), or a syslog or journal line of the kernel
 * ("Dec  7 12:00:00 host kernel: text"), any other line as it is. Undefined for a kmsg record's
 * dictionary line (" KEY=VALUE") and an empty line. Rules match the kernel's text, whatever the form.
 */
export function parseKernelLine(line: string): KernelLine | undefined {
  const record = parseKmsgRecord(line);
  if (record) return { text: record.text, tsMicros: record.tsMicros };
  if (line.startsWith(' ') || line.trim() === '') return undefined;
  const text = line.replace(SYSLOG_KERNEL, '');
  const dmesg = DMESG_TIME.exec(text);
  if (!dmesg) return { text };
  return { text: text.slice(dmesg[0].length), tsMicros: Number(dmesg[1]) * 1e6 + Number(dmesg[2]!.padEnd(6, '0').slice(0, 6)) };
}

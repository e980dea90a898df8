// What a rule file becomes once loaded: regexes compiled, templates parsed, defaults filled in.
import type { EventType } from '../../model/event.js';
import type { Attribution } from './schema.js';
import type { Template } from './template.js';

export interface CompiledLogRule {
  /** The rule file it came from (its name in the rules directory), for messages. */
  file: string;
  name: string;
  reason: string;
  type: EventType | undefined;
  patterns: RegExp[];
  context: RegExp[];
  /** Lines from the first pattern's (or oldest context) line to the event's line, both counted. */
  window: number;
  message: Template;
  attribution: Attribution;
  component: string;
}

export interface LogSourceSpec {
  kind: 'kmsg' | 'file' | 'stdin';
  /** kmsg and file: the path read. */
  path: string | undefined;
  /** file, first run: start at the end (tail) or the beginning. */
  start: 'end' | 'beginning';
  /** kmsg, first run: records younger than this (microseconds) are reported; older ones only fill windows. */
  lookbackMicros: number;
}

export interface CompiledLogFile {
  kind: 'log';
  file: string;
  source: LogSourceSpec;
  rules: CompiledLogRule[];
}

export interface CompiledDiskRule {
  file: string;
  name: string;
  reason: string;
  type: EventType | undefined;
  path: string;
  usedPercent: number | undefined;
  freeBytes: number | undefined;
  message: Template;
  group: string | undefined;
  container: string | undefined;
  component: string;
}

export interface CompiledDiskFile {
  kind: 'disk';
  file: string;
  intervalMs: number;
  rules: CompiledDiskRule[];
}

export type CompiledRuleFile = CompiledLogFile | CompiledDiskFile;

export const DEFAULT_KMSG_PATH = '/dev/kmsg';
/** On a first run, kernel records younger than this are reported, as node-problem-detector's lookback. */
export const DEFAULT_KMSG_LOOKBACK = '5m';
export const DEFAULT_DISK_INTERVAL = '30s';
/** The component the seed's System O&M example shows as the source. */
export const DEFAULT_COMPONENT = 'EciService';
export const DEFAULT_LOG_MESSAGE = '{match}';
export const DEFAULT_DISK_MESSAGE = 'There is insufficient disk space for the current ECI instance: {path} is {usedPercent}% full, {freeBytes} bytes free';

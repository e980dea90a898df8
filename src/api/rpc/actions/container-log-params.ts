// DescribeContainerLog's and ExecContainerCommand's parameters, checked before anything is read
// or run. Bounds are ECI's documented ones (docs/WORLD.md, "Container logs and exec").
import { fromRfc3339 } from '../../../model/time.js';
import type { LogSelection } from '../../../emulator/index.js';
import type { Params } from '../params.js';
import { invalid } from '../../core/errors.js';

/** Tail: "默认 500 行,最大 2000 行" (DescribeContainerLog, ECI API reference). */
export const DEFAULT_TAIL = 500;
export const MAX_TAIL = 2000;
/** LimitBytes: "取值范围为 1~1048576(1 MB)"; and "日志内容最大返回 1 MB 数据" whatever is asked. */
export const MAX_LOG_RESPONSE_BYTES = 1024 * 1024;
/** Command: "最多 20 个命令,单个命令最长 256 个字符" (ExecContainerCommand). */
export const MAX_EXEC_WORDS = 20;
export const MAX_EXEC_WORD_LENGTH = 256;
/** Container names are DNS labels in ECI (Container.N.Name): at most 63 characters; 128 read. */
const MAX_CONTAINER_NAME = 128;

export function containerName(params: Params): string {
  return params.str('ContainerName', { required: true, max: MAX_CONTAINER_NAME });
}

/** The selection a DescribeContainerLog asks for, on a clock now at `now`. */
export function logSelection(params: Params, now: number): LogSelection & { previous: boolean } {
  const tail = params.int('Tail', { min: 0, max: MAX_TAIL }) ?? DEFAULT_TAIL;
  const sinceSeconds = params.int('SinceSeconds', { min: 1, max: 10 * 366 * 86400 });
  const startText = params.str('StartTime', { max: 40 });
  let startTime: number | undefined;
  if (startText !== undefined) {
    try {
      startTime = fromRfc3339(startText);
    } catch {
      throw invalid('StartTime', `${JSON.stringify(startText)} is not an RFC 3339 UTC time such as 2018-08-02T15:00:00Z.`);
    }
  }
  // As the Kubernetes API refuses sinceSeconds with sinceTime: one start, not two.
  if (startTime !== undefined && sinceSeconds !== undefined) throw invalid('StartTime', 'give StartTime or SinceSeconds, not both.');
  const limitBytes = params.int('LimitBytes', { min: 1, max: MAX_LOG_RESPONSE_BYTES }) ?? MAX_LOG_RESPONSE_BYTES;
  const since = startTime ?? (sinceSeconds === undefined ? undefined : now - sinceSeconds * 1_000_000);
  return {
    tail,
    limitBytes,
    ...(since !== undefined ? { since } : {}),
    timestamps: params.bool('Timestamps') ?? false,
    previous: params.bool('LastTime') ?? false,
  };
}

/** Command: a JSON array of strings, as ["/bin/sh", "-c", "ls -a"]. */
export function execCommand(params: Params): string[] {
  const text = params.str('Command', { required: true, max: MAX_EXEC_WORDS * (MAX_EXEC_WORD_LENGTH + 8) + 2 });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('Command', 'it must be a JSON array of strings, such as ["/bin/sh", "-c", "ls -a"].');
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((w) => typeof w === 'string')) {
    throw invalid('Command', 'it must be a non-empty JSON array of strings, such as ["/bin/sh", "-c", "ls -a"].');
  }
  if (parsed.length > MAX_EXEC_WORDS) throw invalid('Command', `it holds ${parsed.length} commands; at most ${MAX_EXEC_WORDS} are allowed.`);
  const long = (parsed as string[]).findIndex((w) => w.length > MAX_EXEC_WORD_LENGTH);
  if (long >= 0)
    throw invalid('Command', `command ${long + 1} is ${(parsed as string[])[long]!.length} characters long; at most ${MAX_EXEC_WORD_LENGTH} are allowed.`);
  return parsed as string[];
}

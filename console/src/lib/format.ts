// Formatting for display: times as the ECI console shows them ("2025-08-27 15:51:06", in the
// viewer's time zone), counts with thousands separators.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      ...(timeZone ? { timeZone } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** "YYYY-MM-DD HH:mm:ss" in the given time zone (default: the viewer's); '' for no time, the input for a bad one. */
export function formatTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The viewer's time zone and its current UTC offset, e.g. "Asia/Shanghai (UTC+08:00)". */
export function describeTimeZone(timeZone?: string, at = Date.now()): string {
  const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  const local = Date.parse(formatTime(new Date(at).toISOString(), zone).replace(' ', 'T') + 'Z');
  const minutes = Math.round((local - Math.floor(at / 1000) * 1000) / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${zone} (UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')})`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A short duration for labels: 90 → "1m 30s", 7200 → "2h". */
export function formatSeconds(s: number): string {
  if (s < 60) return `${s}s`;
  if (s < 3600) return s % 60 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${s / 60}m`;
  if (s < 86_400) return s % 3600 ? `${Math.floor(s / 3600)}h ${Math.round((s % 3600) / 60)}m` : `${s / 3600}h`;
  return s % 86_400 ? `${Math.floor(s / 86_400)}d ${Math.round((s % 86_400) / 3600)}h` : `${s / 86_400}d`;
}

/** An RFC 3339 time as the value of an <input type="datetime-local"> in the viewer's zone. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The value of an <input type="datetime-local"> (the viewer's zone) as RFC 3339 UTC; '' when empty or bad. */
export function fromLocalInput(value: string): string {
  if (!value) return '';
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * Bytes as GiB the way ImageCacheCapacityUtilization writes them (src/emulator/image-caches/
 * footprint.ts: 2^30 bytes, two decimals, trailing zeros dropped), so that a cache's size reads
 * the same in the list as in its events: 500,000,000 → "0.47", 20 GiB → "20".
 */
export function formatGiB(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  if (bytes > 0 && gib < 0.01) return '< 0.01';
  return String(Number(gib.toFixed(2)));
}

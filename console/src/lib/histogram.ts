// The events-over-time chart's geometry: stacked bars (Warning on Normal) per bucket, a y scale
// rounded to a readable maximum, and a text summary for those who do not look at charts.
import { formatCount, formatSeconds } from './format.js';
import type { Histogram } from './types.js';

export interface Bar {
  start: string;
  normal: number;
  warning: number;
  x: number;
  width: number;
  /** Heights in chart units; Normal from the baseline, Warning on top of it. */
  normalHeight: number;
  warningHeight: number;
}

export interface ChartLayout {
  bars: Bar[];
  /** The y axis maximum: a 1, 2 or 5 times a power of ten at or above the tallest bar. */
  max: number;
  ticks: number[];
  totals: { normal: number; warning: number };
}

export function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

export function layoutHistogram(h: Histogram, width: number, height: number, gap = 1): ChartLayout {
  const n = h.buckets.length;
  let tallest = 0;
  let normal = 0;
  let warning = 0;
  for (const b of h.buckets) {
    tallest = Math.max(tallest, b.Normal + b.Warning);
    normal += b.Normal;
    warning += b.Warning;
  }
  const max = niceMax(tallest);
  const slot = n ? width / n : width;
  const bars = h.buckets.map((b, i) => ({
    start: b.start,
    normal: b.Normal,
    warning: b.Warning,
    x: i * slot + gap / 2,
    width: Math.max(1, slot - gap),
    normalHeight: (b.Normal / max) * height,
    warningHeight: (b.Warning / max) * height,
  }));
  const ticks = max <= 1 ? [0, 1] : [0, max / 2, max].filter((t) => Number.isInteger(t));
  return { bars, max, ticks, totals: { normal, warning } };
}

/** One sentence that says what the chart shows. */
export function describeHistogram(h: Histogram): string {
  const { totals } = layoutHistogram(h, 1, 1);
  let peak = h.buckets[0];
  for (const b of h.buckets) if (peak && b.Normal + b.Warning > peak.Normal + peak.Warning) peak = b;
  const peakText =
    peak && peak.Normal + peak.Warning > 0 ? `; the busiest ${formatSeconds(h.bucketSeconds)} had ${formatCount(peak.Normal + peak.Warning)}` : '';
  return `${formatCount(totals.warning)} Warning and ${formatCount(totals.normal)} Normal occurrences in ${h.buckets.length} buckets of ${formatSeconds(h.bucketSeconds)}${peakText}.`;
}

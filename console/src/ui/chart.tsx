// Events over time by type: stacked bars, Warning (hatched) on Normal (solid), so the two differ
// in pattern as well as colour; a legend with totals, a one-line text summary, and a tooltip per bar.
import { describeHistogram, layoutHistogram } from '../lib/histogram.js';
import { formatCount, formatSeconds, formatTime } from '../lib/format.js';
import type { Histogram } from '../lib/types.js';

const W = 600;
const H = 120;
const LEFT = 34;
const BOTTOM = 18;

export function EventsChart({ data, loading }: { data: Histogram | undefined; loading: boolean }) {
  if (!data) return <div class="chart placeholder">{loading ? 'Loading the chart…' : 'No chart.'}</div>;
  const layout = layoutHistogram(data, W - LEFT, H - BOTTOM);
  const summary = describeHistogram(data);
  return (
    <figure class="chart" aria-busy={loading}>
      <figcaption>
        <span class="chart-title">Events over time</span>
        <span class="legend">
          <span class="swatch warning" aria-hidden="true" /> Warning {formatCount(layout.totals.warning)}
          <span class="swatch normal" aria-hidden="true" /> Normal {formatCount(layout.totals.normal)}
          <span class="muted"> · {formatSeconds(data.bucketSeconds)} per bar</span>
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={summary} class="chart-svg">
        <defs>
          <pattern id="hatch" patternUnits="userSpaceOnUse" width="4" height="4" patternTransform="rotate(45)">
            <rect width="4" height="4" fill="var(--warning)" />
            <line x1="0" y1="0" x2="0" y2="4" stroke="var(--warning-hatch)" stroke-width="2" />
          </pattern>
        </defs>
        {layout.ticks.map((t) => {
          const y = H - BOTTOM - (t / layout.max) * (H - BOTTOM);
          return (
            <g key={t} class="tick">
              <line x1={LEFT} x2={W} y1={y} y2={y} />
              <text x={LEFT - 4} y={Math.max(8, y + 3)} text-anchor="end">
                {formatCount(t)}
              </text>
            </g>
          );
        })}
        {layout.bars.map((b) => {
          const base = H - BOTTOM;
          return (
            <g key={b.start} class="bar">
              <title>{`${formatTime(b.start)}: ${formatCount(b.warning)} Warning, ${formatCount(b.normal)} Normal`}</title>
              <rect class="hit" x={LEFT + b.x} y={0} width={b.width} height={base} />
              {b.normal > 0 && <rect class="normal" x={LEFT + b.x} y={base - b.normalHeight} width={b.width} height={b.normalHeight} />}
              {b.warning > 0 && <rect class="warning" x={LEFT + b.x} y={base - b.normalHeight - b.warningHeight} width={b.width} height={b.warningHeight} fill="url(#hatch)" />}
            </g>
          );
        })}
        <text x={LEFT} y={H - 4} class="axis">
          {formatTime(data.from)}
        </text>
        <text x={W} y={H - 4} text-anchor="end" class="axis">
          {formatTime(data.to)}
        </text>
      </svg>
      <p class="sr-only">{summary}</p>
    </figure>
  );
}

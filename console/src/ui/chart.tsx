// Events over time by type: stacked bars, Warning (hatched) on Normal (solid), so the two differ
// in pattern as well as colour; a legend with totals, a one-line text summary, and a tooltip per bar.
import { describeHistogram, layoutHistogram } from '../lib/histogram.js';
import { formatCount, formatSeconds, formatTime } from '../lib/format.js';
import type { Histogram } from '../lib/types.js';

const W = 600;
const H = 100;

export function EventsChart({ data, loading, label }: { data: Histogram | undefined; loading: boolean; label?: string }) {
  if (!data) return <div class="chart placeholder">{loading ? 'Loading the chart…' : 'No chart.'}</div>;
  const layout = layoutHistogram(data, W, H);
  const summary = describeHistogram(data);
  return (
    <figure class="chart" aria-busy={loading}>
      <figcaption>
        <span class="chart-title">Events over time{label ? <span class="muted">, {label}</span> : null}</span>
        <span class="legend">
          <span class="swatch warning" aria-hidden="true" /> Warning {formatCount(layout.totals.warning)}
          <span class="swatch normal" aria-hidden="true" /> Normal {formatCount(layout.totals.normal)}
          <span class="muted"> · {formatSeconds(data.bucketSeconds)} per bar</span>
        </span>
      </figcaption>
      <div class="chart-body">
        <div class="y-axis" aria-hidden="true">
          {layout.ticks.map((t) => (
            <span key={t} style={{ bottom: `${(t / layout.max) * 100}%` }}>
              {formatCount(t)}
            </span>
          ))}
        </div>
        <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={summary} class="chart-svg">
          <defs>
            <pattern id="hatch" patternUnits="userSpaceOnUse" width="4" height="4" patternTransform="rotate(45)">
              <rect width="4" height="4" fill="var(--warning)" />
              <line x1="0" y1="0" x2="0" y2="4" stroke="var(--warning-hatch)" stroke-width="2" />
            </pattern>
          </defs>
          {layout.ticks.map((t) => {
            const y = H - (t / layout.max) * H;
            return <line key={t} class="grid" x1={0} x2={W} y1={y} y2={y} />;
          })}
          {layout.bars.map((b) => (
            <g key={b.start} class="bar">
              <title>{`${formatTime(b.start)}: ${formatCount(b.warning)} Warning, ${formatCount(b.normal)} Normal`}</title>
              <rect class="hit" x={b.x} y={0} width={b.width} height={H} />
              {b.normal > 0 && <rect class="normal" x={b.x} y={H - b.normalHeight} width={b.width} height={b.normalHeight} />}
              {b.warning > 0 && (
                <rect class="warning" x={b.x} y={H - b.normalHeight - b.warningHeight} width={b.width} height={b.warningHeight} fill="url(#hatch)" />
              )}
            </g>
          ))}
        </svg>
        <div class="x-axis" aria-hidden="true">
          <span>{formatTime(data.from)}</span>
          <span>{formatTime(data.to)}</span>
        </div>
      </div>
      <p class="sr-only">{summary}</p>
    </figure>
  );
}

import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { useMemo, useState } from 'react';
import type { HistogramBin, HistogramModel } from '../data/histogram.js';
import { niceTicks, shortCount } from '../data/ticks.js';
import { Tooltip } from './Tooltip.js';

export type HistogramScale = 'linear' | 'log';

interface Props {
  model: HistogramModel;
  width: number;
  height: number;
  threshold: number;
  scale: HistogramScale;
}

const MARGIN = { left: 36, right: 10, top: 16, bottom: 18 };
/** Width given to the +Inf bucket, as a share of the 0..1 axis. */
const INF_SHARE = 0.06;

function binLabel(bin: HistogramBin): string {
  return bin.upper === Infinity ? `> ${bin.lower}` : `${bin.lower.toFixed(2)} – ${bin.upper.toFixed(2)}`;
}

/** Score distribution as bars on a 0..1 axis, bar width true to each bucket's width, threshold marked. */
export function Histogram({ model, width, height, threshold, scale }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const [hover, setHover] = useState(-1);
  const geometry = useMemo(() => {
    const hasInf = model.bins.some((b) => b.upper === Infinity);
    const plotWidth = Math.max(10, width - MARGIN.left - MARGIN.right);
    const plotHeight = Math.max(10, height - MARGIN.top - MARGIN.bottom);
    const axisWidth = hasInf ? plotWidth * (1 - INF_SHARE) : plotWidth;
    const x = (v: number) => MARGIN.left + (v === Infinity ? plotWidth : Math.min(1, v) * axisWidth);
    const transform = scale === 'log' ? (v: number) => Math.log10(1 + v) : (v: number) => v;
    const ticks = scale === 'log' ? logTicks(model.maxCount) : niceTicks(model.maxCount, Math.max(2, Math.floor(plotHeight / 40)));
    const top = Math.max(transform(ticks[ticks.length - 1] ?? 1), transform(model.maxCount), 1e-9);
    const y = (v: number) => MARGIN.top + plotHeight - (transform(v) / top) * plotHeight;
    const bars = model.bins.map((bin) => {
      const x0 = x(bin.lower);
      const x1 = bin.upper === Infinity ? MARGIN.left + plotWidth : x(bin.upper);
      return { x: x0 + 0.5, w: Math.max(1, x1 - x0 - 1), y: y(bin.count), h: MARGIN.top + plotHeight - y(bin.count) };
    });
    return { plotWidth, plotHeight, x, y, ticks, bars };
  }, [model, width, height, scale]);

  const { plotHeight, plotWidth, x, y, ticks, bars } = geometry;
  const thresholdX = x(threshold);
  const share = model.total > 0 ? model.atOrAboveThreshold / model.total : 0;
  return (
    <div className={styles.container} data-testid="histogram">
      <svg width={width} height={height} role="img" aria-label="Score histogram" style={{ display: 'block' }}>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={y(v)} y2={y(v)} stroke={theme.colors.border.weak} />
            <text x={MARGIN.left - 4} y={y(v)} dy="0.32em" textAnchor="end" fontSize={10} fill={theme.colors.text.secondary}>
              {shortCount(v)}
            </text>
          </g>
        ))}
        {[0, 0.25, 0.5, 0.75, 1].map((v) => (
          <text key={v} x={x(v)} y={MARGIN.top + plotHeight + 13} textAnchor="middle" fontSize={10} fill={theme.colors.text.secondary}>
            {v}
          </text>
        ))}
        <g data-testid="histogram-bars">
          {bars.map((b, i) => (
            <rect
              key={i}
              x={b.x}
              y={b.y}
              width={b.w}
              height={b.h}
              fill={model.bins[i].lower >= threshold ? theme.colors.error.main : theme.colors.primary.main}
              fillOpacity={hover === i ? 1 : 0.8}
              onMouseEnter={() => setHover(i)}
              onMouseLeave={() => setHover(-1)}
            />
          ))}
        </g>
        <line
          data-testid="histogram-threshold"
          x1={thresholdX}
          x2={thresholdX}
          y1={MARGIN.top - 4}
          y2={MARGIN.top + plotHeight}
          stroke={theme.colors.warning.main}
          strokeWidth={1.5}
          strokeDasharray="4 3"
        />
        <text x={thresholdX} y={MARGIN.top - 6} textAnchor={thresholdX > MARGIN.left + plotWidth * 0.7 ? 'end' : 'start'} fontSize={10} fill={theme.colors.warning.text}>
          threshold {threshold.toFixed(2)}: ~{shortCount(model.atOrAboveThreshold)} ({(share * 100).toFixed(1)}%) at or above
        </text>
      </svg>
      {hover >= 0 && bars[hover] && (
        <Tooltip x={bars[hover].x + bars[hover].w / 2} y={Math.max(MARGIN.top, bars[hover].y - 40)} containerWidth={width} testId="histogram-tooltip">
          <div>Score {binLabel(model.bins[hover])}</div>
          <div>
            <strong>{shortCount(model.bins[hover].count)}</strong> records ({model.total > 0 ? ((model.bins[hover].count / model.total) * 100).toFixed(2) : 0}%)
          </div>
        </Tooltip>
      )}
    </div>
  );
}

function logTicks(max: number): number[] {
  const ticks = [0];
  for (let v = 1; v <= Math.max(1, max) * 10; v *= 10) {
    ticks.push(v);
    if (v >= max) {
      break;
    }
  }
  return ticks;
}

const getStyles = () => ({
  container: css({ position: 'relative', width: '100%', height: '100%' }),
});

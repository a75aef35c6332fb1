import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { memo, useCallback, useMemo, useState, type MouseEvent } from 'react';
import { classColor, classTitle } from '../data/classes.js';
import { niceTicks, shortCount, timeTicks } from '../data/ticks.js';
import { hideClasses, type TimelineModel } from '../data/timeline.js';
import { ClassLegend, LEGEND_HEIGHT } from './ClassLegend.js';
import { Tooltip } from './Tooltip.js';

export type ExploreHref = (fromMs: number, toMs: number, logClass?: string) => string | null;

interface Props {
  model: TimelineModel;
  width: number;
  height: number;
  threshold: number;
  fromMs: number;
  toMs: number;
  timeZone?: string;
  exploreHref: ExploreHref;
}

const MARGIN = { left: 36, right: 34, top: 6, bottom: 18 };
/** Above this many buckets per pixel column, bars become stacked step areas (one path per class). */
const MIN_BAR_PIXELS = 3;

interface Geometry {
  plotWidth: number;
  plotHeight: number;
  x: (t: number) => number;
  yCount: (v: number) => number;
  yScore: (v: number) => number;
  yTicks: number[];
  xTicks: number[];
  bars: Array<{ key: string; x: number; y: number; w: number; h: number; color: string }>;
  areas: Array<{ key: string; d: string; color: string }>;
  scoreDots: Array<{ key: number; cx: number; cy: number }>;
}

function buildGeometry(model: TimelineModel, width: number, height: number, fromMs: number, toMs: number): Geometry {
  const plotWidth = Math.max(10, width - MARGIN.left - MARGIN.right);
  const plotHeight = Math.max(10, height - MARGIN.top - MARGIN.bottom);
  const span = Math.max(1, toMs - fromMs);
  const yTicks = niceTicks(model.maxTotal, Math.max(2, Math.floor(plotHeight / 40)));
  const yMax = Math.max(yTicks[yTicks.length - 1] ?? 1, model.maxTotal, 1e-9);
  const x = (t: number) => MARGIN.left + ((t - fromMs) / span) * plotWidth;
  const yCount = (v: number) => MARGIN.top + plotHeight - (v / yMax) * plotHeight;
  const yScore = (v: number) => MARGIN.top + plotHeight - v * plotHeight;
  const bars: Geometry['bars'] = [];
  const areas: Geometry['areas'] = [];
  const n = model.times.length;
  const visible = model.times.filter((t) => t > fromMs && t - model.stepMs < toMs).length;
  const base = new Float64Array(n);
  const useBars = visible <= plotWidth / MIN_BAR_PIXELS;
  model.classes.forEach((cls, c) => {
    const row = model.counts[c];
    const color = classColor(cls);
    if (useBars) {
      for (let i = 0; i < n; i++) {
        if (row[i] > 0) {
          const x0 = Math.max(MARGIN.left, x(model.times[i] - model.stepMs));
          const x1 = Math.min(MARGIN.left + plotWidth, x(model.times[i]));
          if (x1 > x0) {
            const top = yCount(base[i] + row[i]);
            bars.push({ key: `${cls}:${i}`, x: x0 + 0.5, y: top, w: Math.max(1, x1 - x0 - 1), h: yCount(base[i]) - top, color });
          }
          base[i] += row[i];
        }
      }
      return;
    }
    // One path per class: along the tops left to right, back along the bases right to left.
    const top: string[] = [];
    const bottom: string[] = [];
    for (let i = 0; i < n; i++) {
      const x0 = x(model.times[i] - model.stepMs).toFixed(1);
      const x1 = x(model.times[i]).toFixed(1);
      const yTop = yCount(base[i] + row[i]).toFixed(1);
      const yBase = yCount(base[i]).toFixed(1);
      top.push(`${x0},${yTop}`, `${x1},${yTop}`);
      bottom.push(`${x1},${yBase}`, `${x0},${yBase}`);
      base[i] += row[i];
    }
    if (n > 0) {
      areas.push({ key: cls, d: `M${top.join('L')}L${bottom.reverse().join('L')}Z`, color });
    }
  });
  const scoreDots: Geometry['scoreDots'] = [];
  for (let i = 0; i < n; i++) {
    const s = model.maxScore[i];
    if (Number.isFinite(s)) {
      scoreDots.push({ key: i, cx: x(model.times[i] - model.stepMs / 2), cy: yScore(Math.min(1, Math.max(0, s))) });
    }
  }
  const xTicks = timeTicks(fromMs, toMs, Math.max(2, Math.floor(plotWidth / 90)));
  return { plotWidth, plotHeight, x, yCount, yScore, yTicks, xTicks, bars, areas, scoreDots };
}

/** The drawing that only changes with data and size; hover re-renders skip it. */
const TimelinePlot = memo(function TimelinePlot({ geometry, hasScores, threshold, fromMs, toMs, timeZone }: {
  geometry: Geometry;
  hasScores: boolean;
  threshold: number;
  fromMs: number;
  toMs: number;
  timeZone?: string;
}) {
  const theme = useTheme2();
  const { plotWidth, plotHeight, x, yCount, yScore, yTicks, xTicks } = geometry;
  const axisColor = theme.colors.text.secondary;
  const format = toMs - fromMs > 2 * 86_400_000 ? 'MM/DD HH:mm' : 'HH:mm';
  return (
    <g>
      {yTicks.map((v) => (
        <g key={`y${v}`}>
          <line x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={yCount(v)} y2={yCount(v)} stroke={theme.colors.border.weak} />
          <text x={MARGIN.left - 4} y={yCount(v)} dy="0.32em" textAnchor="end" fontSize={10} fill={axisColor}>
            {shortCount(v)}
          </text>
        </g>
      ))}
      {xTicks.map((t) => (
        <text key={`x${t}`} x={x(t)} y={MARGIN.top + plotHeight + 13} textAnchor="middle" fontSize={10} fill={axisColor}>
          {dateTimeFormat(t, { format, timeZone })}
        </text>
      ))}
      <g data-testid="timeline-marks">
        {geometry.areas.map((a) => (
          <path key={a.key} d={a.d} fill={a.color} fillOpacity={0.85} />
        ))}
        {geometry.bars.map((b) => (
          <rect key={b.key} x={b.x} y={b.y} width={b.w} height={b.h} fill={b.color} />
        ))}
      </g>
      {hasScores && (
        <g data-testid="timeline-scores">
          <line
            x1={MARGIN.left}
            x2={MARGIN.left + plotWidth}
            y1={yScore(threshold)}
            y2={yScore(threshold)}
            stroke={theme.colors.warning.main}
            strokeDasharray="4 3"
          />
          <text x={MARGIN.left + plotWidth + 3} y={yScore(threshold)} dy="0.32em" fontSize={10} fill={theme.colors.warning.text}>
            {threshold.toFixed(2)}
          </text>
          {[0.5, 1].map((v) => (
            <text key={v} x={MARGIN.left + plotWidth + 3} y={yScore(v)} dy="0.32em" fontSize={9} fill={axisColor}>
              {v.toFixed(1)}
            </text>
          ))}
          <text x={MARGIN.left + plotWidth + 3} y={MARGIN.top + plotHeight} fontSize={9} fill={axisColor}>
            score
          </text>
          {geometry.scoreDots.map((d) => (
            <circle key={d.key} cx={d.cx} cy={d.cy} r={2} fill={theme.colors.text.primary} fillOpacity={0.7} />
          ))}
        </g>
      )}
    </g>
  );
});

/** Anomalies over time stacked by class, with max score against the threshold and an interval tooltip. */
export function Timeline({ model: fullModel, width, height, threshold, fromMs, toMs, timeZone, exploreHref }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const model = useMemo(() => hideClasses(fullModel, hidden), [fullModel, hidden]);
  const toggleClass = useCallback((cls: string) => {
    setHidden((current) => {
      const next = new Set(current);
      if (!next.delete(cls)) {
        next.add(cls);
      }
      return next;
    });
  }, []);
  const chartHeight = Math.max(40, height - LEGEND_HEIGHT);
  const geometry = useMemo(() => buildGeometry(model, width, chartHeight, fromMs, toMs), [model, width, chartHeight, fromMs, toMs]);
  const classTotals = useMemo(() => fullModel.counts.map((row) => row.reduce((a, b) => a + b, 0)), [fullModel]);
  const [hover, setHover] = useState<number>(-1);
  const [pinned, setPinned] = useState<number>(-1);
  const hasScores = geometry.scoreDots.length > 0;

  const indexAt = useCallback(
    (event: MouseEvent<SVGRectElement>): number => {
      const rect = event.currentTarget.getBoundingClientRect();
      const t = fromMs + ((event.clientX - rect.left) / Math.max(1, rect.width)) * (toMs - fromMs);
      // The bucket whose window (t - step, t] holds the pointer time.
      let lo = 0;
      let hi = model.times.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (model.times[mid] < t) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo < model.times.length && model.times[lo] - model.stepMs <= t ? lo : -1;
    },
    [model, fromMs, toMs],
  );

  const shown = pinned >= 0 ? pinned : hover;
  return (
    <div className={styles.container} data-testid="timeline">
      <svg width={width} height={chartHeight} role="img" aria-label="Anomaly timeline" style={{ display: 'block' }}>
        <TimelinePlot geometry={geometry} hasScores={hasScores} threshold={threshold} fromMs={fromMs} toMs={toMs} timeZone={timeZone} />
        {shown >= 0 && (
          <rect
            x={geometry.x(model.times[shown] - model.stepMs)}
            y={MARGIN.top}
            width={Math.max(1, geometry.x(model.times[shown]) - geometry.x(model.times[shown] - model.stepMs))}
            height={geometry.plotHeight}
            fill={theme.colors.action.hover}
            stroke={theme.colors.border.strong}
            pointerEvents="none"
          />
        )}
        <rect
          data-testid="timeline-hit"
          x={MARGIN.left}
          y={MARGIN.top}
          width={geometry.plotWidth}
          height={geometry.plotHeight}
          fill="transparent"
          style={{ cursor: 'pointer' }}
          onMouseMove={(e) => setHover(indexAt(e))}
          onMouseLeave={() => setHover(-1)}
          onClick={(e) => {
            const index = indexAt(e);
            setPinned(index === pinned ? -1 : index);
          }}
        />
      </svg>
      <ClassLegend classes={fullModel.classes} totals={classTotals} hidden={hidden} onToggle={toggleClass} />
      {shown >= 0 && (
        <Tooltip x={geometry.x(model.times[shown])} y={MARGIN.top} containerWidth={width} pinned={pinned >= 0} testId="timeline-tooltip">
          <IntervalDetails model={model} index={shown} timeZone={timeZone} exploreHref={exploreHref} pinned={pinned >= 0} onClose={() => setPinned(-1)} />
        </Tooltip>
      )}
    </div>
  );
}

function IntervalDetails({ model, index, timeZone, exploreHref, pinned, onClose }: {
  model: TimelineModel;
  index: number;
  timeZone?: string;
  exploreHref: ExploreHref;
  pinned: boolean;
  onClose: () => void;
}) {
  const styles = useStyles2(getStyles);
  const to = model.times[index];
  const from = to - model.stepMs;
  const href = exploreHref(from, to);
  const templates = model.topTemplates[index] ?? [];
  return (
    <div>
      <div className={styles.tipHeader}>
        <strong>
          {dateTimeFormat(from, { format: 'YYYY-MM-DD HH:mm:ss', timeZone })} – {dateTimeFormat(to, { format: 'HH:mm:ss', timeZone })}
        </strong>
        {pinned && (
          <button type="button" className={styles.close} onClick={onClose} aria-label="Close">
            ×
          </button>
        )}
      </div>
      {model.classes.map((cls, c) =>
        model.counts[c][index] > 0 ? (
          <div key={cls} className={styles.tipRow}>
            <span className={styles.swatch} style={{ background: classColor(cls) }} />
            <span className={styles.grow}>{classTitle(cls)}</span>
            <span>{shortCount(model.counts[c][index])}</span>
            {pinned && href !== null && (
              <a className={styles.link} href={exploreHref(from, to, cls) ?? undefined}>
                Explore
              </a>
            )}
          </div>
        ) : null,
      )}
      <div className={styles.tipRow}>
        <span className={styles.grow}>Total</span>
        <span>{shortCount(model.totals[index])}</span>
      </div>
      {Number.isFinite(model.maxScore[index]) && <div className={styles.muted}>Highest score {model.maxScore[index].toFixed(3)}</div>}
      {templates.length > 0 && (
        <div data-testid="tooltip-templates">
          <div className={styles.muted}>Top templates</div>
          {templates.map((t) => (
            <div key={t.template} className={styles.template}>
              <span className={styles.count}>{t.count}×</span> {t.template}
            </div>
          ))}
        </div>
      )}
      <div className={styles.muted}>
        {href === null
          ? 'Set the Loki datasource in the panel options to open these records in Explore.'
          : pinned
            ? <a className={styles.link} href={href}>Open this interval's anomalies in Explore</a>
            : 'Click to pin, then open in Explore.'}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ position: 'relative', width: '100%', height: '100%' }),
  tipHeader: css({ display: 'flex', justifyContent: 'space-between', marginBottom: theme.spacing(0.5) }),
  tipRow: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(0.75) }),
  swatch: css({ width: 8, height: 8, borderRadius: 2, display: 'inline-block' }),
  grow: css({ flex: 1 }),
  muted: css({ color: theme.colors.text.secondary, marginTop: theme.spacing(0.5) }),
  template: css({ fontFamily: theme.typography.fontFamilyMonospace, fontSize: 11, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }),
  count: css({ color: theme.colors.text.secondary }),
  link: css({ color: theme.colors.text.link, marginLeft: theme.spacing(0.5) }),
  close: css({ background: 'none', border: 'none', color: theme.colors.text.secondary, cursor: 'pointer', fontSize: 16, lineHeight: 1 }),
});

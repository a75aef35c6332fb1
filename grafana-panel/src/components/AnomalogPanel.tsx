import { css } from '@emotion/css';
import { type GrafanaTheme2, locationUtil, type PanelProps } from '@grafana/data';
import { RadioButtonGroup, useStyles2 } from '@grafana/ui';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { arrangeViews, TAB_BAR_HEIGHT } from '../data/arrangement.js';
import { exploreUrl } from '../data/exploreLink.js';
import { buildHistogram } from '../data/histogram.js';
import { filterRecords, filterSeries, type NodeFilter } from '../data/nodeFilter.js';
import { type QueryTarget, readPanelInputs } from '../data/panelInputs.js';
import { recentRows } from '../data/recentRows.js';
import { buildServiceGraph } from '../data/serviceGraph.js';
import { shortCount } from '../data/ticks.js';
import { buildTimeline, isAnomalous } from '../data/timeline.js';
import { VIEW_REQUIREMENTS } from '../data/viewRequirements.js';
import { ALL_VIEWS, type AnomalogOptions, DEFAULT_OPTIONS, type ViewId } from '../types.js';
import { EmptyView } from './EmptyView.js';
import { Histogram } from './Histogram.js';
import { RecentTable } from './RecentTable.js';
import { ServiceGraph } from './ServiceGraph.js';
import { Timeline } from './Timeline.js';
import { VIEW_HEADER_HEIGHT, ViewFrame } from './ViewFrame.js';

const FILTER_BAR_HEIGHT = 26;
const NOT_FILTERED = 'not narrowed to the node: the query has no `service` label';

/** The Anomalog panel: timeline, score histogram, service graph and recent anomalies. */
export function AnomalogPanel({ data, options: rawOptions, width, height, timeRange, timeZone }: PanelProps<AnomalogOptions>) {
  const styles = useStyles2(getStyles);
  const options = useMemo(() => withDefaults(rawOptions), [rawOptions]);
  const [filter, setFilter] = useState<NodeFilter | null>(null);
  const [tab, setTab] = useState<ViewId | undefined>(undefined);

  const inputs = useMemo(() => readPanelInputs(data.series, (data.request?.targets ?? []) as QueryTarget[]), [data.series, data.request]);
  const graph = useMemo(() => buildServiceGraph(inputs.graphRequests, inputs.graphAnomalous), [inputs]);
  const records = useMemo(() => filterRecords(inputs.records, filter), [inputs, filter]);
  const timelineSeries = useMemo(() => filterSeries(inputs.anomalies, filter), [inputs, filter]);
  const timeline = useMemo(
    () => buildTimeline(timelineSeries.series, records, { topN: options.topTemplates, threshold: options.threshold }),
    [timelineSeries, records, options.topTemplates, options.threshold],
  );
  const histogramSeries = useMemo(() => filterSeries(inputs.scoreBuckets, filter), [inputs, filter]);
  const histogram = useMemo(() => buildHistogram(histogramSeries.series, options.threshold), [histogramSeries, options.threshold]);
  const anomalousRecords = useMemo(() => records.filter((r) => isAnomalous(r, options.threshold)).length, [records, options.threshold]);
  const rows = useMemo(() => recentRows(records, options.threshold, options.table.maxRows), [records, options.threshold, options.table.maxRows]);

  const lokiUid = options.lokiDatasourceUid || inputs.lokiDatasourceUid;
  const service = filter && filter.kind === 'service' ? filter.id : undefined;
  const exploreHref = useCallback(
    (fromMs: number, toMs: number, logClass?: string) =>
      lokiUid ? locationUtil.assureBaseUrl(exploreUrl({ datasourceUid: lokiUid, fromMs, toMs, service, logClass })) : null,
    [lokiUid, service],
  );

  const domain = useMemo(() => {
    const from = timeRange.from.valueOf();
    const to = timeRange.to.valueOf();
    const times = timeline.times;
    const overlaps = times.length > 0 && times[times.length - 1] > from && times[0] - timeline.stepMs < to;
    // Records-only timelines may sit outside the panel range (a Loki query with its own range).
    return overlaps || times.length === 0 ? { from, to } : { from: times[0] - timeline.stepMs, to: times[times.length - 1] };
  }, [timeRange, timeline]);

  const shownViews = ALL_VIEWS.filter((v) => options.views[v]);
  const top = filter ? FILTER_BAR_HEIGHT : 0;
  const arrangement = arrangeViews(shownViews, width, height - top, options.arrangement, tab);

  const renderView = (view: ViewId, w: number, h: number): ReactNode => {
    const bodyHeight = Math.max(0, h - VIEW_HEADER_HEIGHT);
    switch (view) {
      case 'timeline':
        return (
          <ViewFrame
            title="Anomalies by class"
            testId="view-timeline"
            aside={timeline.source === 'none' ? undefined : `${shortCount(timeline.totals.reduce((a, b) => a + b, 0))} in range${filter && !timelineSeries.applied ? ` · ${NOT_FILTERED}` : ''}`}
          >
            {timeline.source === 'none' ? (
              <EmptyView view="timeline" unrecognised={inputs.unrecognised} />
            ) : (
              <Timeline model={timeline} width={w} height={bodyHeight} threshold={options.threshold} fromMs={domain.from} toMs={domain.to} timeZone={timeZone} exploreHref={exploreHref} />
            )}
          </ViewFrame>
        );
      case 'histogram':
        return (
          <ViewFrame
            title="Score distribution"
            testId="view-histogram"
            aside={histogram.bins.length === 0 ? undefined : `${shortCount(histogram.total)} records${filter && !histogramSeries.applied ? ` · ${NOT_FILTERED}` : ''}`}
          >
            {histogram.bins.length === 0 ? (
              <EmptyView view="histogram" unrecognised={inputs.unrecognised} />
            ) : (
              <Histogram model={histogram} width={w} height={bodyHeight} threshold={options.threshold} scale={options.histogram.scale} />
            )}
          </ViewFrame>
        );
      case 'graph':
        return (
          <ViewFrame title="Service graph" testId="view-graph" aside={graph.nodes.length === 0 ? undefined : `${graph.nodes.length} nodes, ${graph.edges.length} edges`}>
            {graph.nodes.length === 0 ? (
              <EmptyView view="graph" unrecognised={inputs.unrecognised} />
            ) : (
              <ServiceGraph model={graph} width={w} height={bodyHeight} direction={options.graph.direction} labels={options.graph.labels} selected={filter} onSelect={setFilter} />
            )}
          </ViewFrame>
        );
      case 'table':
        return (
          <ViewFrame title="Recent anomalies" testId="view-table" aside={inputs.records.length === 0 ? undefined : `${anomalousRecords} anomalous records`}>
            {inputs.records.length === 0 ? (
              <EmptyView view="table" unrecognised={inputs.unrecognised} />
            ) : rows.length === 0 ? (
              <div className={styles.quiet}>No anomalous records {filter ? `for ${filter.id}` : 'in this range'}.</div>
            ) : (
              <RecentTable rows={rows} threshold={options.threshold} timeZone={timeZone} exploreHref={exploreHref} totalAnomalies={anomalousRecords} />
            )}
          </ViewFrame>
        );
    }
  };

  return (
    <div className={styles.panel} style={{ width, height }} data-testid="anomalog-panel">
      {filter && (
        <div className={styles.filterBar} data-testid="node-filter">
          <span>
            Filtered to {filter.kind === 'ip' ? 'client IP' : filter.kind} <strong>{filter.id}</strong>
          </span>
          <button type="button" className={styles.clear} onClick={() => setFilter(null)}>
            Clear filter
          </button>
        </div>
      )}
      {arrangement.mode === 'tabs' && (
        <div className={styles.tabs} style={{ top }}>
          <RadioButtonGroup
            size="sm"
            options={shownViews.map((v) => ({ value: v, label: VIEW_REQUIREMENTS[v].title }))}
            value={arrangement.cells[0]?.view}
            onChange={(v) => setTab(v)}
          />
        </div>
      )}
      {arrangement.cells.map((cell) => (
        <div key={cell.view} className={styles.cell} style={{ left: cell.x, top: top + cell.y, width: cell.width, height: cell.height }}>
          {renderView(cell.view, cell.width, cell.height)}
        </div>
      ))}
      {shownViews.length === 0 && <div className={styles.quiet}>All views are switched off in the panel options.</div>}
    </div>
  );
}

/** Options saved by older versions, or edited by hand, may lack keys: fill them from the defaults. */
function withDefaults(options: Partial<AnomalogOptions> | undefined): AnomalogOptions {
  const o = options ?? {};
  return {
    ...DEFAULT_OPTIONS,
    ...o,
    views: { ...DEFAULT_OPTIONS.views, ...(o.views ?? {}) },
    graph: { ...DEFAULT_OPTIONS.graph, ...(o.graph ?? {}) },
    histogram: { ...DEFAULT_OPTIONS.histogram, ...(o.histogram ?? {}) },
    table: { ...DEFAULT_OPTIONS.table, ...(o.table ?? {}) },
  };
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({ position: 'relative', overflow: 'hidden', fontFamily: theme.typography.fontFamily, color: theme.colors.text.primary }),
  cell: css({ position: 'absolute', overflow: 'hidden' }),
  tabs: css({ position: 'absolute', left: 0, height: TAB_BAR_HEIGHT, display: 'flex', alignItems: 'center' }),
  filterBar: css({
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    height: FILTER_BAR_HEIGHT - 4,
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(0, 1),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  clear: css({ background: 'none', border: 'none', color: theme.colors.text.link, cursor: 'pointer', padding: 0 }),
  quiet: css({ padding: theme.spacing(1), color: theme.colors.text.secondary }),
});

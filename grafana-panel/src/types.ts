/** The panel's options, as edited in Grafana's panel editor (see module.ts for defaults). */
export type ViewId = 'timeline' | 'histogram' | 'graph' | 'table';

export const ALL_VIEWS: readonly ViewId[] = ['timeline', 'histogram', 'graph', 'table'];

/** How the shown views share the panel: `auto` picks a grid, a row, a stack or tabs by size. */
export type Arrangement = 'auto' | 'grid' | 'stack' | 'tabs';

/** `auto` picks whichever of left-to-right and top-to-bottom draws the graph larger in the panel. */
export type GraphDirection = 'auto' | 'LR' | 'TB';
export type LayoutDirection = Exclude<GraphDirection, 'auto'>;

export type GraphLabels = 'auto' | 'always' | 'never';

export interface AnomalogOptions {
  views: Record<ViewId, boolean>;
  arrangement: Arrangement;
  /** Score at or above which a record counts as an anomaly (0..1); marked on the histogram and timeline. */
  threshold: number;
  /** Loki datasource uid for Explore links; empty means the Loki datasource of the panel's own queries. */
  lokiDatasourceUid: string;
  /** How many templates the timeline tooltip lists for an interval. */
  topTemplates: number;
  graph: {
    direction: GraphDirection;
    labels: GraphLabels;
  };
  histogram: {
    /** Log keeps the rare high-score buckets visible next to the bulk of low scores. */
    scale: 'linear' | 'log';
  };
  table: {
    maxRows: number;
  };
}

export const DEFAULT_OPTIONS: AnomalogOptions = {
  views: { timeline: true, histogram: true, graph: true, table: true },
  arrangement: 'auto',
  threshold: 0.8,
  lokiDatasourceUid: '',
  topTemplates: 5,
  graph: { direction: 'auto', labels: 'auto' },
  histogram: { scale: 'log' },
  table: { maxRows: 200 },
};

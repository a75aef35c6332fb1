import { type DataFrameDTO, dateTime, getDefaultTimeRange, LoadingState, type PanelProps, toDataFrame } from '@grafana/data';
import { END_MS } from '../../test/fixtures/queryResults.js';
import { type AnomalogOptions, DEFAULT_OPTIONS } from '../types.js';

/** PanelProps as Grafana passes them, for frames shaped like the panel's queries' results. */
export function panelProps(
  frames: DataFrameDTO[],
  overrides: Partial<AnomalogOptions> = {},
  size: { width: number; height: number } = { width: 1200, height: 800 },
  spanMs = 60 * 60_000,
): PanelProps<AnomalogOptions> {
  const range = getDefaultTimeRange();
  const from = dateTime(END_MS - spanMs);
  const to = dateTime(END_MS);
  const timeRange = { from, to, raw: { from, to } };
  return {
    id: 1,
    data: {
      state: LoadingState.Done,
      series: frames.map((f) => toDataFrame(f)),
      timeRange,
      request: {
        targets: [{ refId: 'D', expr: '{anomaly="true"}', datasource: { type: 'loki', uid: 'loki-uid' } }],
      } as never,
    },
    timeRange: range.from ? timeRange : range,
    timeZone: 'utc',
    options: { ...DEFAULT_OPTIONS, ...overrides },
    transparent: false,
    width: size.width,
    height: size.height,
    fieldConfig: { defaults: {}, overrides: [] },
    renderCounter: 0,
    title: 'Anomalog',
    eventBus: undefined as never,
    onOptionsChange: () => undefined,
    onFieldConfigChange: () => undefined,
    replaceVariables: (s: string) => s,
    onChangeTimeRange: () => undefined,
  };
}

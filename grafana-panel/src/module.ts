import { PanelPlugin } from '@grafana/data';
import { AnomalogPanel } from './components/AnomalogPanel.js';
import { ALL_VIEWS, type AnomalogOptions, DEFAULT_OPTIONS } from './types.js';
import { VIEW_REQUIREMENTS } from './data/viewRequirements.js';

export const plugin = new PanelPlugin<AnomalogOptions>(AnomalogPanel).setPanelOptions((builder) => {
  for (const view of ALL_VIEWS) {
    builder.addBooleanSwitch({
      path: `views.${view}`,
      name: VIEW_REQUIREMENTS[view].title,
      description: `Show the ${VIEW_REQUIREMENTS[view].title.toLowerCase()} (needs a ${VIEW_REQUIREMENTS[view].datasource} query).`,
      category: ['Views'],
      defaultValue: DEFAULT_OPTIONS.views[view],
    });
  }
  builder
    .addRadio({
      path: 'arrangement',
      name: 'Arrangement',
      description: 'Auto shows every view together when there is room (grid, row or stack by panel size), else tabs.',
      category: ['Views'],
      defaultValue: DEFAULT_OPTIONS.arrangement,
      settings: {
        options: [
          { value: 'auto', label: 'Auto' },
          { value: 'grid', label: 'Grid' },
          { value: 'stack', label: 'Stack' },
          { value: 'tabs', label: 'Tabs' },
        ],
      },
    })
    .addSliderInput({
      path: 'threshold',
      name: 'Anomaly threshold',
      description: 'Score at or above which a record counts as an anomaly; marked on the histogram and the timeline.',
      category: ['Anomalies'],
      defaultValue: DEFAULT_OPTIONS.threshold,
      settings: { min: 0, max: 1, step: 0.01 },
    })
    .addNumberInput({
      path: 'topTemplates',
      name: 'Templates in tooltip',
      description: 'How many of an interval\'s most frequent anomalous templates the timeline tooltip lists (from the Loki query).',
      category: ['Anomalies'],
      defaultValue: DEFAULT_OPTIONS.topTemplates,
      settings: { min: 0, max: 20, integer: true },
    })
    .addTextInput({
      path: 'lokiDatasourceUid',
      name: 'Loki datasource uid',
      description: 'For "open in Explore" links. Empty: the Loki datasource of this panel\'s own log query.',
      category: ['Anomalies'],
      defaultValue: DEFAULT_OPTIONS.lokiDatasourceUid,
    })
    .addRadio({
      path: 'histogram.scale',
      name: 'Histogram scale',
      category: ['Score histogram'],
      defaultValue: DEFAULT_OPTIONS.histogram.scale,
      settings: {
        options: [
          { value: 'log', label: 'Log' },
          { value: 'linear', label: 'Linear' },
        ],
      },
    })
    .addRadio({
      path: 'graph.direction',
      name: 'Layout direction',
      description: 'Callers before callees: left to right, or top to bottom; auto picks the one drawn larger in the panel.',
      category: ['Service graph'],
      defaultValue: DEFAULT_OPTIONS.graph.direction,
      settings: {
        options: [
          { value: 'auto', label: 'Auto' },
          { value: 'LR', label: 'Left to right' },
          { value: 'TB', label: 'Top to bottom' },
        ],
      },
    })
    .addRadio({
      path: 'graph.labels',
      name: 'Node labels',
      description: 'Auto names every service, and client IPs and users only in graphs of up to 60 nodes.',
      category: ['Service graph'],
      defaultValue: DEFAULT_OPTIONS.graph.labels,
      settings: {
        options: [
          { value: 'auto', label: 'Auto' },
          { value: 'always', label: 'Always' },
          { value: 'never', label: 'Never' },
        ],
      },
    })
    .addNumberInput({
      path: 'table.maxRows',
      name: 'Rows',
      description: 'Most rows the recent-anomalies table shows.',
      category: ['Recent anomalies'],
      defaultValue: DEFAULT_OPTIONS.table.maxRows,
      settings: { min: 1, max: 5000, integer: true },
    });
  return builder;
});

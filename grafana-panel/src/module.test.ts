import { PanelOptionsEditorBuilder, PanelPlugin, standardEditorsRegistry } from '@grafana/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { plugin } from './module.js';
import { DEFAULT_OPTIONS, type AnomalogOptions } from './types.js';

// Grafana's app registers the standard option editors at start; these tests stand in for it.
beforeAll(() => {
  standardEditorsRegistry.setInit(() =>
    ['boolean', 'radio', 'slider', 'number', 'text'].map((id) => ({ id, name: id, editor: () => null })),
  );
});

describe('module', () => {
  it('exports a panel plugin whose option editors produce the documented defaults', () => {
    expect(plugin).toBeInstanceOf(PanelPlugin);
    expect(plugin.defaults).toEqual(DEFAULT_OPTIONS);
  });

  it('offers an editor for every option', () => {
    const builder = new PanelOptionsEditorBuilder<AnomalogOptions>();
    plugin.getPanelOptionsSupplier()(builder, { data: [] });
    const paths = builder.getItems().map((item) => item.path);
    expect(paths).toEqual([
      'views.timeline',
      'views.histogram',
      'views.graph',
      'views.table',
      'arrangement',
      'threshold',
      'topTemplates',
      'lokiDatasourceUid',
      'histogram.scale',
      'graph.direction',
      'graph.labels',
      'table.maxRows',
    ]);
  });
});

/**
 * The dashboards shipped in provisioning/ use this panel: each of its queries must be one the
 * panel recognises, every view must get the query it needs, and the saved options must be ones
 * the panel knows.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FieldType, toDataFrame } from '@grafana/data';
import { describe, expect, it } from 'vitest';
import { recogniseFrame } from '../src/data/recognise.js';
import { DEFAULT_OPTIONS } from '../src/types.js';

const dashboardsDir = join(dirname(fileURLToPath(import.meta.url)), '../../provisioning/grafana/dashboards');

interface Panel {
  type?: string;
  targets?: Array<{ refId: string; expr?: string; datasource?: { type?: string } }>;
  options?: Record<string, unknown>;
  panels?: Panel[];
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith('.json') ? [path] : [];
  });
}

function ourPanels(panels: Panel[] = []): Panel[] {
  return panels.flatMap((p) => [...(p.type === 'anomalog-anomalies-panel' ? [p] : []), ...ourPanels(p.panels)]);
}

const found = jsonFiles(dashboardsDir).flatMap((file) => ourPanels(JSON.parse(readFileSync(file, 'utf8')).panels).map((panel) => ({ file, panel })));

describe('provisioned dashboards', () => {
  it('contain the panel', () => {
    expect(found.length).toBeGreaterThan(0);
  });

  for (const { file, panel } of found) {
    it(`${file.slice(dashboardsDir.length + 1)}: every query is recognised and every view is fed`, () => {
      const kinds = (panel.targets ?? []).map((target) => {
        if (target.datasource?.type === 'loki' && !/count_over_time|rate\(/.test(target.expr ?? '')) {
          return 'logs';
        }
        // A Prometheus frame as Grafana returns it: the expression in meta, labels on the value.
        const frame = toDataFrame({
          refId: target.refId,
          meta: { executedQueryString: `Expr: ${target.expr}\nStep: 15s` },
          fields: [
            { name: 'Time', type: FieldType.time, values: [1] },
            { name: 'Value', type: FieldType.number, values: [1] },
          ],
        });
        return recogniseFrame(frame);
      });
      expect(kinds).not.toContain('unknown');
      for (const needed of ['anomalies', 'scoreBuckets', 'graphRequests', 'graphAnomalous', 'logs']) {
        expect(kinds).toContain(needed);
      }
      for (const key of Object.keys(panel.options ?? {})) {
        expect(Object.keys(DEFAULT_OPTIONS)).toContain(key);
      }
    });
  }
});

/**
 * Classification as the engine does it: on the template the miner gives a line (with `<*>` where
 * the values were), not on the line itself. Each labelled line is mined after its source's whole
 * stream, so its template is the one the engine would hold.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createClassifier, TemplateMiner, type LogClass } from '@anomalog/collector-processor';
import { generateScenario } from '../generator/index.js';
import { classificationMetrics } from './classification-metrics.js';
import type { LabelledLine } from './classification.js';
import { loadDataset } from './loghub-dataset.js';

export interface TemplateClassification {
  /** Lines whose source stream was available to mine. */
  lines: number;
  accuracy: number;
  macroF1: number;
}

/** The seed most generated lines of the labelled set come from (LABELLING.md). */
const GENERATOR_CONTEXT = { seed: 21, records: 40_000 } as const;

export async function templateClassification(set: readonly LabelledLine[], dataDir: string): Promise<TemplateClassification> {
  const miner = new TemplateMiner();
  const primed = new Set<string>();
  const prime = async (source: string): Promise<boolean> => {
    if (primed.has(source)) return true;
    if (source.startsWith('loghub/')) {
      const name = source.slice('loghub/'.length);
      if (!existsSync(join(dataDir, name))) return false;
      const dataset = await loadDataset(dataDir, name);
      for (const row of dataset.rows) miner.mine(source, row.Content ?? '');
    } else if (source.startsWith('generator/')) {
      if (!primed.has('generator')) {
        for (const r of generateScenario(GENERATOR_CONTEXT)) miner.mine(`generator/${r.service}`, r.body);
        primed.add('generator');
      }
    } else {
      return false;
    }
    primed.add(source);
    return true;
  };

  const classifier = createClassifier();
  const truth: LogClass[] = [];
  const predicted: LogClass[] = [];
  for (const line of set) {
    if (!(await prime(line.source))) continue;
    const mined = miner.mine(line.source, line.message);
    truth.push(line.class);
    predicted.push(classifier.classify({ message: mined.template, severityNumber: line.severityNumber, severityText: line.severity, attributes: line.attributes }).class);
  }
  const m = classificationMetrics(truth, predicted);
  return { lines: m.lines, accuracy: m.accuracy, macroF1: m.macroF1 };
}

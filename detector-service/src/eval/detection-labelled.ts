import { compileSpec, type EngineConfig } from '@anomalog/collector-processor';
import { detectionScores, type DetectionScores } from './detection-metrics.js';
import { rawLineRecord, runEngine, serviceResource } from './detection-engine-run.js';
import { listDatasets, loadDataset, readFormats } from './loghub-dataset.js';

/** Levels the severity baseline flags (as loghub's README defines it). */
const BASELINE_LEVELS = new Set(['FATAL', 'FAILURE', 'SEVERE']);

export interface LabelledResult {
  engine: DetectionScores;
  /** Flag every FATAL/FAILURE/SEVERE line. */
  severityBaseline: DetectionScores;
}

/**
 * Line-level detection on the datasets of DIR whose lines start with an alert label (their
 * header format begins with `<Label>`; `-` is normal) and that have at least one alert. The
 * label is cut off each line, and from the format, before the engine sees it: only this
 * evaluator reads it. Each dataset is one service, scored from the first line on (no training).
 */
export async function labelledDetection(dataDir: string, engineConfig: EngineConfig = {}): Promise<Record<string, LabelledResult>> {
  const formats = await readFormats(dataDir);
  const results: Record<string, LabelledResult> = {};
  for (const name of await listDatasets(dataDir)) {
    const spec = formats[name];
    if (spec === undefined || !spec.startsWith('<Label> ')) continue;
    const dataset = await loadDataset(dataDir, name);
    const labels: boolean[] = [];
    const stripped: string[] = [];
    for (const line of dataset.lines) {
      const cut = line.indexOf(' ');
      labels.push(line.slice(0, cut) !== '-');
      stripped.push(line.slice(cut + 1));
    }
    if (!labels.some(Boolean)) continue;
    const format = spec.slice('<Label> '.length);
    const resource = serviceResource(name.toLowerCase());
    const run = runEngine(
      stripped.map((line) => ({ resource, record: rawLineRecord(line) })),
      stripped.length,
      { ...engineConfig, format, rawLines: 'always' },
    );
    const header = compileSpec('labelled', format);
    const baseline = stripped.map((line) => BASELINE_LEVELS.has(header.parse(line)?.fields.level ?? ''));
    results[name] = {
      engine: detectionScores(run.scores, run.flagged, labels),
      severityBaseline: detectionScores(Float64Array.from(baseline, Number), baseline, labels),
    };
  }
  return results;
}

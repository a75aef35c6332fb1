/**
 * The classification section of `anomalog eval`: the classifier against the hand-labelled set in
 * collector-processor/test/data/labelled (see LABELLING.md there).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClassifier, LOG_CLASSES, type LogClass } from '@anomalog/collector-processor';
import { classificationMetrics, type ClassificationMetrics } from './classification-metrics.js';
import { templateClassification, type TemplateClassification } from './classification-templates.js';

export interface LabelledLine {
  source: string;
  message: string;
  severity: string;
  severityNumber: number;
  attributes: Record<string, string | number | boolean>;
  class: LogClass;
}

export interface ClassificationSection extends ClassificationMetrics {
  file: string;
  /** Accuracy per source dataset (loghub/<name>, generator). */
  accuracyBySource: Record<string, { lines: number; accuracy: number }>;
  /** The same lines classified from their mined templates, as the engine classifies (when a data folder is given). */
  viaTemplates?: TemplateClassification;
}

/** The labelled set in the repository. */
export function defaultLabelledFile(): string {
  // This file is detector-service/{src,dist}/eval/classification.{ts,js}.
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  return resolve(repoRoot, 'collector-processor/test/data/labelled/labelled.jsonl');
}

/** Reads the labelled JSONL; a malformed line is an error naming the file and line. */
export function loadLabelledSet(file: string): LabelledLine[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: LabelledLine[] = [];
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      throw new Error(`${file}:${i + 1}: not JSON (${(err as Error).message})`);
    }
    const cls = obj.class;
    if (typeof cls !== 'string' || !(LOG_CLASSES as readonly string[]).includes(cls)) throw new Error(`${file}:${i + 1}: 'class' must be one of ${LOG_CLASSES.join(', ')}`);
    if (typeof obj.message !== 'string') throw new Error(`${file}:${i + 1}: 'message' must be a string`);
    out.push({
      source: typeof obj.source === 'string' ? obj.source : 'unknown',
      message: obj.message,
      severity: typeof obj.severity === 'string' ? obj.severity : '',
      severityNumber: typeof obj.severity_number === 'number' ? obj.severity_number : 0,
      attributes: (obj.attributes ?? {}) as LabelledLine['attributes'],
      class: cls as LogClass,
    });
  });
  return out;
}

export function classificationSection(file = defaultLabelledFile()): ClassificationSection {
  const set = loadLabelledSet(file);
  const classifier = createClassifier();
  const predicted = set.map((l) => classifier.classify({ message: l.message, severityNumber: l.severityNumber, severityText: l.severity, attributes: l.attributes }).class);
  const metrics = classificationMetrics(set.map((l) => l.class), predicted);
  const bySource = new Map<string, { lines: number; right: number }>();
  set.forEach((l, i) => {
    const key = l.source.startsWith('generator/') ? 'generator' : l.source;
    const s = bySource.get(key) ?? { lines: 0, right: 0 };
    s.lines++;
    if (predicted[i] === l.class) s.right++;
    bySource.set(key, s);
  });
  const accuracyBySource = Object.fromEntries([...bySource].map(([k, s]) => [k, { lines: s.lines, accuracy: s.right / s.lines }]));
  return { file, ...metrics, accuracyBySource };
}

/** The eval section: the labelled set on its lines, and on the templates mined from each line's source (loghub folder `dataDir`). */
export async function classificationEvalSection(dataDir: string, file = defaultLabelledFile()): Promise<ClassificationSection> {
  const section = classificationSection(file);
  return { ...section, viaTemplates: await templateClassification(loadLabelledSet(file), dataDir) };
}

/** The section as a readable table. */
export function classificationTable(s: ClassificationSection): string {
  const pct = (x: number): string => x.toFixed(3).padStart(6);
  const out = [`classification: ${s.lines} hand-labelled lines, accuracy ${pct(s.accuracy)}, macro-F1 ${pct(s.macroF1)}`];
  if (s.viaTemplates !== undefined) {
    out.push(`  from mined templates (as the engine classifies): ${s.viaTemplates.lines} lines, accuracy ${pct(s.viaTemplates.accuracy)}, macro-F1 ${pct(s.viaTemplates.macroF1)}`);
  }
  out.push(`${'class'.padEnd(15)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)} ${'lines'.padStart(6)}   confusion (predicted: ${LOG_CLASSES.map((c) => c.slice(0, 4)).join(' ')})`);
  for (const c of LOG_CLASSES) {
    const p = s.perClass[c];
    const row = LOG_CLASSES.map((q) => String(s.confusion[c][q]).padStart(4)).join(' ');
    out.push(`${c.padEnd(15)} ${pct(p.precision)} ${pct(p.recall)} ${pct(p.f1)} ${String(p.support).padStart(6)}   ${row}`);
  }
  return out.join('\n');
}

import { LOG_CLASSES, type LogClass } from '@anomalog/collector-processor';

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Lines whose true class this is. */
  support: number;
}

export interface ClassificationMetrics {
  lines: number;
  accuracy: number;
  /** Mean F1 over the classes present in the truth (a class with no true line has no recall to score). */
  macroF1: number;
  perClass: Record<LogClass, ClassScores>;
  /** confusion[truth][predicted] = lines. */
  confusion: Record<LogClass, Record<LogClass, number>>;
}

/** Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix of aligned label arrays. */
export function classificationMetrics(truth: readonly LogClass[], predicted: readonly LogClass[]): ClassificationMetrics {
  if (truth.length !== predicted.length) throw new Error(`truth has ${truth.length} labels but predictions ${predicted.length}`);
  const confusion = Object.fromEntries(LOG_CLASSES.map((t) => [t, Object.fromEntries(LOG_CLASSES.map((p) => [p, 0]))])) as ClassificationMetrics['confusion'];
  let right = 0;
  for (let i = 0; i < truth.length; i++) {
    confusion[truth[i]][predicted[i]]++;
    if (truth[i] === predicted[i]) right++;
  }
  const perClass = {} as Record<LogClass, ClassScores>;
  let f1Sum = 0;
  let present = 0;
  for (const c of LOG_CLASSES) {
    const tp = confusion[c][c];
    const support = LOG_CLASSES.reduce((s, p) => s + confusion[c][p], 0);
    const predictedAs = LOG_CLASSES.reduce((s, t) => s + confusion[t][c], 0);
    const precision = predictedAs === 0 ? 0 : tp / predictedAs;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perClass[c] = { precision, recall, f1, support };
    if (support > 0) {
      f1Sum += f1;
      present++;
    }
  }
  return {
    lines: truth.length,
    accuracy: truth.length === 0 ? 0 : right / truth.length,
    macroF1: present === 0 ? 0 : f1Sum / present,
    perClass,
    confusion,
  };
}

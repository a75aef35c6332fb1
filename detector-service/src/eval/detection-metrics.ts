/** Line-level detection metrics: what the engine flagged against ground-truth labels. */
export interface DetectionScores {
  lines: number;
  positives: number;
  flagged: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
  /** Area under the precision-recall curve of the scores (average precision). */
  aucPr: number;
}

export function detectionScores(scores: ArrayLike<number>, flagged: ArrayLike<boolean>, labels: ArrayLike<boolean>): DetectionScores {
  let positives = 0;
  let flaggedCount = 0;
  let tp = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]) positives++;
    if (flagged[i]) {
      flaggedCount++;
      if (labels[i]) tp++;
    }
  }
  const precision = flaggedCount === 0 ? 0 : tp / flaggedCount;
  const recall = positives === 0 ? 0 : tp / positives;
  return {
    lines: labels.length,
    positives,
    flagged: flaggedCount,
    truePositives: tp,
    precision: round(precision),
    recall: round(recall),
    f1: round(precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)),
    aucPr: round(averagePrecision(scores, labels)),
  };
}

/**
 * Average precision: the mean, over the positives, of the precision at the rank of each one when
 * lines are sorted by descending score. Tied scores are taken as one step (all or none), so a
 * constant score gets the base rate, not a lucky order.
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<boolean>): number {
  const order = Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]) positives++;
  if (positives === 0) return 0;
  let tp = 0;
  let seen = 0;
  let ap = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    let groupTp = 0;
    while (j < order.length && scores[order[j]] === scores[order[i]]) {
      if (labels[order[j]]) groupTp++;
      j++;
    }
    seen += j - i;
    tp += groupTp;
    ap += (groupTp / positives) * (tp / seen);
    i = j;
  }
  return ap;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

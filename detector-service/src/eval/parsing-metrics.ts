/**
 * Log parsing metrics as defined by the loghub-2.0 benchmark (see the data set's README):
 * GA, FGA, PA and FTA. Groups are formed by template text, for the truth and the prediction alike.
 */
export interface ParsingScores {
  /** Grouping accuracy: share of lines whose predicted group is exactly their true group. */
  GA: number;
  /** F1 of grouping precision and recall, over templates. */
  FGA: number;
  /** Parsing accuracy: share of lines whose predicted template equals the true one. */
  PA: number;
  /** F1 over templates that are both grouped right and identical. */
  FTA: number;
}

/** The benchmark's normalisation: runs of `<*>` (adjacent or spaced) are one, whitespace is one space. */
export function normaliseTemplate(template: string): string {
  return template
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/<\*>(?:\s*<\*>)+/g, '<*>');
}

export function parsingScores(truth: readonly string[], predicted: readonly string[]): ParsingScores {
  if (truth.length !== predicted.length) throw new Error(`parsingScores: ${truth.length} true vs ${predicted.length} predicted lines`);
  const n = truth.length;
  if (n === 0) return { GA: 0, FGA: 0, PA: 0, FTA: 0 };
  const trueGroups = groupLines(truth);
  const predGroups = groupLines(predicted);

  let groupedLines = 0;
  let rightGroups = 0;
  let rightTemplates = 0;
  for (const [predTemplate, lines] of predGroups) {
    const trueTemplate = truth[lines[0]];
    const trueLines = trueGroups.get(trueTemplate) as number[];
    if (!sameLines(lines, trueLines)) continue;
    groupedLines += lines.length;
    rightGroups++;
    if (normaliseTemplate(predTemplate) === normaliseTemplate(trueTemplate)) rightTemplates++;
  }
  let parsedLines = 0;
  for (let i = 0; i < n; i++) if (normaliseTemplate(predicted[i]) === normaliseTemplate(truth[i])) parsedLines++;
  return {
    GA: groupedLines / n,
    FGA: f1(rightGroups / predGroups.size, rightGroups / trueGroups.size),
    PA: parsedLines / n,
    FTA: f1(rightTemplates / predGroups.size, rightTemplates / trueGroups.size),
  };
}

function groupLines(templates: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < templates.length; i++) {
    const list = groups.get(templates[i]);
    if (list === undefined) groups.set(templates[i], [i]);
    else list.push(i);
  }
  return groups;
}

/** Both lists are ascending line numbers. */
function sameLines(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function f1(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

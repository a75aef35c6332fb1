import type { ScoredLine } from './line-scorer.js';

/** One JSONL line. */
export function jsonLine(s: ScoredLine): string {
  return JSON.stringify(s);
}

export const TABLE_HEADER = 'file:line                  template_id       score  class           template  [parameters]';

/** One table row: where, id, score and class when scored, template and parameter values. */
export function tableRow(s: ScoredLine): string {
  const where = `${s.file}:${s.lineNumber}`.padEnd(26);
  const score = s.score === undefined ? '    -' : s.score.toFixed(3);
  const cls = (s.class ?? '-').padEnd(15);
  const flag = s.is_anomaly === true ? '!' : ' ';
  const params = s.parameters.length === 0 ? '' : `  [${s.parameters.map((p) => `${p.type}:${p.text}`).join(', ')}]`;
  return `${where} ${s.template_id} ${score}${flag} ${cls} ${s.template}${params}`;
}

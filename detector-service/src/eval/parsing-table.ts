import type { ParsingSection } from './parsing.js';
import type { ParsingScores } from './parsing-metrics.js';

const f = (x: number | undefined): string => (x === undefined ? '   -  ' : x.toFixed(3).padStart(6));

/** The parsing section as a readable table: given and auto-detected scores side by side. */
export function parsingTable(section: ParsingSection): string {
  const out: string[] = [];
  out.push('parsing (template mining)            header format given        |  header auto-detected');
  out.push(`${'dataset'.padEnd(14)} ${'GA FGA PA FTA'.split(' ').map((h) => h.padStart(6)).join(' ')}  | ${'GA FGA PA FTA'.split(' ').map((h) => h.padStart(6)).join(' ')}  format (right)`);
  const names = new Set([...Object.keys(section.given.datasets), ...Object.keys(section.auto.datasets)]);
  for (const name of names) {
    const g = section.given.datasets[name];
    const a = section.auto.datasets[name];
    const auto = a === undefined ? '' : `${row(a)}  ${a.format ?? 'none'} (${(a.formatDetection * 100).toFixed(1)}%)`;
    out.push(`${name.padEnd(14)} ${g === undefined ? row(undefined) : row(g)}  | ${auto}`);
  }
  out.push(`${'mean'.padEnd(14)} ${row(section.given.mean)}  | ${row(section.auto.mean)}  lines right: ${(section.auto.formatDetection * 100).toFixed(2)}%`);
  return out.join('\n');
}

function row(s: ParsingScores | null | undefined): string {
  return [s?.GA, s?.FGA, s?.PA, s?.FTA].map(f).join(' ');
}

import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';
import { normaliseTemplate, parsingScores } from './parsing-metrics.js';

describe('parsing metrics', () => {
  it('scores a perfect parse as 1 everywhere', () => {
    const t = ['a <*>', 'a <*>', 'b'];
    expect(parsingScores(t, t)).toEqual({ GA: 1, FGA: 1, PA: 1, FTA: 1 });
  });

  it('counts grouping and template text separately', () => {
    const truth = ['open <*>', 'open <*>', 'close <*>', 'close <*>', 'idle'];
    // Groups right for 'open' (text differs) and 'idle'; the 'close' lines are split in two.
    const predicted = ['open file <*>', 'open file <*>', 'close <*>', 'close x', 'idle'];
    const s = parsingScores(truth, predicted);
    expect(s.GA).toBeCloseTo(3 / 5);
    // 2 of 4 predicted groups are right; 2 of 3 true groups found.
    expect(s.FGA).toBeCloseTo((2 * 0.5 * (2 / 3)) / (0.5 + 2 / 3));
    // Lines whose text is right: close <*> (1 line) and idle.
    expect(s.PA).toBeCloseTo(2 / 5);
    // Templates both grouped right and identical: only 'idle'.
    expect(s.FTA).toBeCloseTo((2 * 0.25 * (1 / 3)) / (0.25 + 1 / 3));
  });

  it('merging two true groups makes both wrong', () => {
    const s = parsingScores(['a', 'b', 'c'], ['x', 'x', 'c']);
    expect(s.GA).toBeCloseTo(1 / 3);
  });

  it('normalises runs of <*> and whitespace as the benchmark does', () => {
    expect(normaliseTemplate('  user  <*> <*><*>  from <*>:<*> ')).toBe('user <*> from <*>:<*>');
    const s = parsingScores(['took <*> ms'], ['took  <*> <*>   ms']);
    expect(s.PA).toBe(1);
  });

  it('refuses misaligned inputs', () => {
    expect(() => parsingScores(['a'], [])).toThrow(/1 true vs 0 predicted/);
  });
});

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and newlines, CRLF or LF', () => {
    expect(parseCsv('a,b\r\n1,"x, ""y"""\n2,"multi\nline"\n')).toEqual([
      ['a', 'b'],
      ['1', 'x, "y"'],
      ['2', 'multi\nline'],
    ]);
  });
});

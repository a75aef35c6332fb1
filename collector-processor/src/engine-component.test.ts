import { describe, expect, it } from 'vitest';
import { componentOf } from './engine-component.js';
import { RecordAttributes } from './normalize/index.js';

function both(entries: Array<[string, string | number | boolean]>): [RecordAttributes, Map<string, string | number | boolean>] {
  const attrs = new RecordAttributes();
  for (const [k, v] of entries) attrs.set(k, v);
  return [attrs, new Map(entries)];
}

describe('componentOf', () => {
  it('takes the first component key in its order of preference, wherever it stands among the attributes', () => {
    for (const entries of [
      [['otel.scope.name', 'scope'], ['http.route', '/x'], ['logger', 'app.db']],
      [['logger', 'app.db'], ['otel.scope.name', 'scope']],
    ] as Array<Array<[string, string]>>) {
      const [attrs, map] = both(entries);
      expect(componentOf(attrs)).toBe('app.db');
      expect(componentOf(map)).toBe('app.db');
    }
  });

  it('gives the text of a non-string value, and nothing without a component key', () => {
    const [attrs, map] = both([['component', 42], ['user', 'ann']]);
    expect(componentOf(attrs)).toBe('42');
    expect(componentOf(map)).toBe('42');
    const [none, noneMap] = both([['user', 'ann']]);
    expect(componentOf(none)).toBe('');
    expect(componentOf(noneMap)).toBe('');
    expect(componentOf(new RecordAttributes())).toBe('');
  });
});

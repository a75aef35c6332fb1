import { describe, expect, it } from 'vitest';
import { LazyParsedArray, parseJsonLazily } from './lazy-json-parse.js';

const buf = (text: string): Buffer => Buffer.from(text, 'utf8');

/** Replaces every LazyParsedArray in a parsed value by the array of its items. */
function materialise(value: unknown): unknown {
  if (value instanceof LazyParsedArray) return [...value].map(materialise);
  if (Array.isArray(value)) return value.map(materialise);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, materialise(v)]));
  return value;
}

describe('parseJsonLazily', () => {
  const tricky = {
    engine: {
      version: 1,
      miner: {
        config: { a: [1, 2, { b: '}]' }] },
        services: [
          { service: 'quote " and \\ backslash', tokens: ['[', ']', '{', '}', ',', ':', '\\"', '\\'] },
          { service: 'é 日本語 😀 \u2028 \u0000', clusters: [[[[]]], {}, ''] },
          [],
          'a plain string item, with , and ]',
          -1.5e-7,
          true,
          null,
        ],
        tick: 42,
      },
      detectors: { services: [], forest: null },
    },
    catalog: { 'svc "x"': [{ id: 't1', template: 'GET <*> } ]', count: 3 }] },
  };
  const text = JSON.stringify(JSON.parse(JSON.stringify(tricky)));

  it('gives what JSON.parse gives, with the chosen arrays parsed one item at a time', () => {
    const lazy = parseJsonLazily(buf(text), [['engine', 'miner', 'services'], ['engine', 'detectors', 'services'], ['not', 'there']]) as {
      engine: { miner: { services: unknown }; detectors: { services: unknown } };
    };
    expect(lazy.engine.miner.services).toBeInstanceOf(LazyParsedArray);
    expect((lazy.engine.miner.services as LazyParsedArray).length).toBe(7);
    expect(lazy.engine.detectors.services).toBeInstanceOf(LazyParsedArray);
    expect(materialise(lazy)).toEqual(JSON.parse(text));
    // Each pass parses afresh: items handed out are not shared between passes.
    const services = lazy.engine.miner.services as LazyParsedArray;
    const [first] = services;
    const [again] = services;
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
  });

  it('accepts whitespace anywhere JSON does, and a path that is not an array stays as parsed', () => {
    const spaced = JSON.stringify(JSON.parse(text), null, '\t').replace(/\n/g, '\r\n');
    expect(materialise(parseJsonLazily(buf(`  ${spaced}\n `), [['engine', 'miner', 'services']]))).toEqual(JSON.parse(text));
    const notArray = parseJsonLazily(buf('{"engine": {"miner": {"services": {"x": 1}}}}'), [['engine', 'miner', 'services']]);
    expect(notArray).toEqual({ engine: { miner: { services: { x: 1 } } } });
    expect(parseJsonLazily(buf(' [1, {"a": 2}] '), [['a']])).toEqual([1, { a: 2 }]);
  });

  it('throws a SyntaxError for malformed JSON', () => {
    const paths = [['a']];
    for (const bad of ['', '   ', '{"a": [1, 2', '{"a": [1 2]}', '{"a" 1}', '{a: 1}', '{"a": [1]} x', '{"a": "open}', '{"a": [1,]}']) {
      expect(() => materialise(parseJsonLazily(buf(bad), paths)), JSON.stringify(bad)).toThrow(SyntaxError);
    }
  });
});

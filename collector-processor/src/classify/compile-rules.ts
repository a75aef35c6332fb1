import { LOG_CLASSES, type LogClass } from '../otlp-model.js';
import type { AttributeCondition, ClassRule } from './rule-types.js';
import { bucketOfNumber, parseSeverityBound, SeverityBucket } from './severity.js';

export type AttrValue = string | number | boolean;

interface CompiledBase {
  id: string;
  classIndex: number;
  weight: number;
  /** Inclusive severity-bucket bounds; records of unspecified severity pass both. */
  minBucket: SeverityBucket;
  maxBucket: SeverityBucket;
  topic: boolean;
  generic: boolean;
}

export interface CompiledTextRule extends CompiledBase {
  regex: RegExp;
}

export interface CompiledAttributeRule extends CompiledBase {
  keys: string[];
  test(value: AttrValue): boolean;
}

export interface CompiledRules {
  text: CompiledTextRule[];
  attribute: CompiledAttributeRule[];
}

const CLASS_INDEX = new Map<string, number>(LOG_CLASSES.map((c, i) => [c, i]));

export function classIndexOf(cls: LogClass): number {
  return CLASS_INDEX.get(cls) ?? -1;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * One phrase as a regex fragment: words separated by any run of spaces, `_` or `-` (or nothing, so
 * "time out" also matches "timeout" and "out of memory" matches "OutOfMemory"); a leading or
 * trailing `*` lets the phrase continue into a longer word.
 */
function phraseToRegex(phrase: string, ruleId: string): string {
  const trimmed = phrase.trim().toLowerCase();
  if (trimmed === '' || trimmed === '*') throw new Error(`classifier rule '${ruleId}': empty word in words[]`);
  const openStart = trimmed.startsWith('*');
  const openEnd = trimmed.endsWith('*');
  const core = trimmed.slice(openStart ? 1 : 0, openEnd ? -1 : undefined);
  const body = core.split(/\s+/).map(escapeRegex).join('[\\s_-]*');
  return (openStart ? '[a-z0-9]*' : '(?<![a-z0-9])') + body + (openEnd ? '[a-z0-9_-]*' : '(?![a-z0-9])');
}

function compileRegex(source: string, ruleId: string, field: string): RegExp {
  try {
    return new RegExp(source, 'i');
  } catch (err) {
    throw new Error(`classifier rule '${ruleId}': ${field} is not a valid regular expression: ${(err as Error).message}`);
  }
}

function compileAttributeTest(cond: AttributeCondition, ruleId: string): (value: AttrValue) => boolean {
  const tests = ['equals', 'in', 'pattern'].filter((k) => (cond as unknown as Record<string, unknown>)[k] !== undefined);
  const hasRange = cond.min !== undefined || cond.max !== undefined;
  if (tests.length + (hasRange ? 1 : 0) > 1) {
    throw new Error(`classifier rule '${ruleId}': attribute takes at most one of equals, in, pattern, min/max`);
  }
  if (cond.equals !== undefined) {
    const want = String(cond.equals).toLowerCase();
    return (v) => (typeof v === 'string' ? v.toLowerCase() === want : String(v) === want);
  }
  if (cond.in !== undefined) {
    if (!Array.isArray(cond.in) || cond.in.length === 0) throw new Error(`classifier rule '${ruleId}': attribute.in must be a non-empty array`);
    const set = new Set(cond.in.map((x) => String(x).toLowerCase()));
    return (v) => set.has(typeof v === 'string' ? v.toLowerCase() : String(v));
  }
  if (cond.pattern !== undefined) {
    const re = compileRegex(cond.pattern, ruleId, 'attribute.pattern');
    return (v) => re.test(typeof v === 'string' ? v : String(v));
  }
  if (hasRange) {
    const min = cond.min ?? -Infinity;
    const max = cond.max ?? Infinity;
    if (typeof min !== 'number' || typeof max !== 'number' || Number.isNaN(min) || Number.isNaN(max)) {
      throw new Error(`classifier rule '${ruleId}': attribute.min/max must be numbers`);
    }
    return (v) => {
      const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
      return n >= min && n <= max;
    };
  }
  return () => true;
}

/** Checks one rule's shape and says exactly what is wrong (rules come from user configuration). */
export function validateRule(rule: unknown, position: string): ClassRule {
  if (rule === null || typeof rule !== 'object') throw new Error(`classifier rule ${position}: must be an object`);
  const r = rule as Record<string, unknown>;
  const id = typeof r.id === 'string' && r.id !== '' ? r.id : undefined;
  if (id === undefined) throw new Error(`classifier rule ${position}: 'id' must be a non-empty string`);
  if (typeof r.class !== 'string' || !CLASS_INDEX.has(r.class)) {
    throw new Error(`classifier rule '${id}': 'class' must be one of ${LOG_CLASSES.join(', ')}, got ${JSON.stringify(r.class)}`);
  }
  if (typeof r.weight !== 'number' || !Number.isFinite(r.weight)) throw new Error(`classifier rule '${id}': 'weight' must be a finite number`);
  const kinds = ['words', 'pattern', 'attribute'].filter((k) => r[k] !== undefined);
  if (kinds.length !== 1) throw new Error(`classifier rule '${id}': give exactly one of words, pattern, attribute (got ${kinds.length})`);
  if (r.words !== undefined && (!Array.isArray(r.words) || r.words.length === 0 || !r.words.every((w) => typeof w === 'string'))) {
    throw new Error(`classifier rule '${id}': 'words' must be a non-empty array of strings`);
  }
  if (r.pattern !== undefined && typeof r.pattern !== 'string') throw new Error(`classifier rule '${id}': 'pattern' must be a string`);
  if (r.attribute !== undefined) {
    const a = r.attribute as Record<string, unknown> | null;
    if (a === null || typeof a !== 'object' || !Array.isArray(a.keys) || a.keys.length === 0 || !a.keys.every((k) => typeof k === 'string')) {
      throw new Error(`classifier rule '${id}': 'attribute.keys' must be a non-empty array of attribute names`);
    }
  }
  for (const f of ['topic', 'generic']) {
    if (r[f] !== undefined && typeof r[f] !== 'boolean') throw new Error(`classifier rule '${id}': '${f}' must be true or false`);
  }
  for (const f of ['minSeverity', 'maxSeverity']) {
    if (r[f] !== undefined && typeof r[f] !== 'number' && typeof r[f] !== 'string') {
      throw new Error(`classifier rule '${id}': '${f}' must be a severity number or level name`);
    }
  }
  return rule as ClassRule;
}

/** Compiles validated rules into matchers, once per classifier. */
export function compileRules(rules: readonly ClassRule[]): CompiledRules {
  const text: CompiledTextRule[] = [];
  const attribute: CompiledAttributeRule[] = [];
  for (const rule of rules) {
    const base: CompiledBase = {
      id: rule.id,
      classIndex: classIndexOf(rule.class),
      weight: rule.weight,
      minBucket: rule.minSeverity === undefined ? SeverityBucket.Unspecified : bucketOfNumber(parseSeverityBound(rule.minSeverity, rule.id, 'minSeverity')),
      topic: rule.topic === true,
      generic: rule.generic === true,
      maxBucket: rule.maxSeverity === undefined ? SeverityBucket.Fatal : bucketOfNumber(parseSeverityBound(rule.maxSeverity, rule.id, 'maxSeverity')),
    };
    if (rule.words !== undefined) {
      const source = rule.words.map((w) => phraseToRegex(w, rule.id)).join('|');
      text.push({ ...base, regex: compileRegex(`(?:${source})`, rule.id, 'words') });
    } else if (rule.pattern !== undefined) {
      text.push({ ...base, regex: compileRegex(rule.pattern, rule.id, 'pattern') });
    } else if (rule.attribute !== undefined) {
      attribute.push({ ...base, keys: rule.attribute.keys.slice(), test: compileAttributeTest(rule.attribute, rule.id) });
    }
  }
  return { text, attribute };
}

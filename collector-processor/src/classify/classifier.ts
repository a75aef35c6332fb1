import { RecordAttributes } from '../normalize/record-attributes.js';
import { LOG_CLASSES, type LogClass } from '../otlp-model.js';
import { compileRules, validateRule, type AttrValue, type CompiledAttributeRule, type CompiledRules } from './compile-rules.js';
import { DEFAULT_RULES } from './default-rules.js';
import type { ClassRule } from './rule-types.js';
import { SEVERITY_BUCKETS, SeverityBucket, severityBucket, severityTextMemoOverflow } from './severity.js';

export interface ClassifierInput {
  /** The message text (or its template). */
  message: string;
  severityNumber: number;
  severityText?: string;
  /** Record attributes (NormalizedRecord.attributes), or a plain object of them. */
  attributes?: ReadonlyMap<string, AttrValue> | Readonly<Record<string, AttrValue>>;
}

export interface Classification {
  class: LogClass;
  /** 0..1: the class's share of the evidence (a softmax over the seven class scores). */
  confidence: number;
}

export interface Explanation extends Classification {
  scores: Record<LogClass, number>;
  matched: Array<{ id: string; class: LogClass; weight: number }>;
}

/** Evidence each severity bucket gives before any rule: per class, indexed like LOG_CLASSES. */
export type SeverityPriors = Partial<Record<LogClass, number[]>>;

/**
 * The default priors: a record at INFO or DEBUG with nothing else said about it is normal; at WARN
 * only weakly so; at ERROR or FATAL a record with no more specific cause is a system failure.
 * Arrays are indexed by bucket: unspecified, debug, info, warn, error, fatal.
 */
export const DEFAULT_SEVERITY_PRIORS: SeverityPriors = {
  normal: [0.75, 1.75, 1.5, 0.25, 0, 0],
  system_failure: [0, 0, 0, 0, 0.75, 1.25],
};

export interface ClassifierOptions {
  /** Replaces the built-in rule table (DEFAULT_RULES). */
  rules?: readonly ClassRule[];
  /** Added to the rules; a rule with the id of an existing one replaces it. */
  extraRules?: readonly ClassRule[];
  /** Ids of rules to leave out. */
  disabledRules?: readonly string[];
  severityPriors?: SeverityPriors;
  /** Templates whose text verdicts are cached (first in, first out). Default 50,000. */
  cacheSize?: number;
  /** Sharpness of the confidence (softmax scale over scores). Default 2.5. */
  confidenceScale?: number;
}

export interface ClassifierStats {
  rules: number;
  cacheSize: number;
  cacheCapacity: number;
  cacheHits: number;
  cacheMisses: number;
  /** Templates dropped from the cache because it was full. */
  cacheEvictions: number;
  /** Attribute-evidence verdicts not remembered because a template already had 32 combinations. */
  attributeMemoOverflow: number;
  /** Severity texts not remembered because 256 distinct ones were already (process-wide). */
  severityTextMemoOverflow: number;
}

export interface Classifier {
  /**
   * Classifies one record. With a cacheKey (the template id), the text evidence is computed once
   * per template and severity bucket; attribute evidence is added per record.
   * The returned object may be shared between calls: do not mutate it.
   */
  classify(input: ClassifierInput, cacheKey?: string): Classification;
  /** Which rules matched and the score of each class (for debugging rules; allocates). */
  explain(input: ClassifierInput): Explanation;
  stats(): ClassifierStats;
}

const N_CLASSES = LOG_CLASSES.length;
const NORMAL = LOG_CLASSES.indexOf('normal');

/** Records of unspecified severity pass every severity bound. */
function severityAllows(rule: { minBucket: SeverityBucket; maxBucket: SeverityBucket }, bucket: SeverityBucket): boolean {
  return bucket === SeverityBucket.Unspecified || (bucket >= rule.minBucket && bucket <= rule.maxBucket);
}

interface TextVerdict {
  scores: Float64Array;
  result: Classification;
  /** Verdicts with attribute evidence, by the bit mask of the attribute rules that matched. */
  withAttributes?: Map<number, Classification>;
}

/** Attribute rules that read the same attribute names, so each record looks the value up once. */
interface AttributeGroup {
  keys: string[];
  rules: Array<{ rule: CompiledAttributeRule; bit: number }>;
}

/** Combinations of attribute evidence remembered per template verdict. */
const MAX_ATTRIBUTE_COMBINATIONS = 32;

function getAttr(attrs: ClassifierInput['attributes'], key: string): AttrValue | undefined {
  if (attrs === undefined) return undefined;
  // A Map or any other ReadonlyMap (the engine passes its RecordAttributes).
  if (isMapLike(attrs)) return attrs.get(key);
  return Object.prototype.hasOwnProperty.call(attrs, key) ? (attrs as Record<string, AttrValue>)[key] : undefined;
}

function isMapLike(attrs: NonNullable<ClassifierInput['attributes']>): attrs is ReadonlyMap<string, AttrValue> {
  return typeof attrs.get === 'function';
}

const NOT_FOUND = 0x7fffffff;

/** Attribute key -> [group, rank of the key in that group, ...] (a key may serve several groups). */
function indexGroupKeys(groups: readonly AttributeGroup[]): Map<string, number[]> {
  const index = new Map<string, number[]>();
  groups.forEach((group, g) => {
    group.keys.forEach((key, rank) => {
      let slots = index.get(key);
      if (slots === undefined) index.set(key, (slots = []));
      // A key listed twice in one group counts at its first place, as a lookup in order would.
      for (let k = 0; k < slots.length; k += 2) if (slots[k] === g) return;
      slots.push(g, rank);
    });
  });
  return index;
}

function groupAttributeRules(rules: readonly CompiledAttributeRule[]): AttributeGroup[] {
  const byKeys = new Map<string, AttributeGroup>();
  rules.forEach((rule, i) => {
    const id = rule.keys.join('\u0000');
    let group = byKeys.get(id);
    if (group === undefined) {
      group = { keys: rule.keys, rules: [] };
      byKeys.set(id, group);
    }
    group.rules.push({ rule, bit: i < 31 ? 1 << i : 0 });
  });
  return [...byKeys.values()];
}

function mergeRules(options: ClassifierOptions): ClassRule[] {
  const base = options.rules ?? DEFAULT_RULES;
  const byId = new Map<string, ClassRule>();
  base.forEach((r, i) => {
    const rule = validateRule(r, `#${i}`);
    byId.set(rule.id, rule);
  });
  (options.extraRules ?? []).forEach((r, i) => {
    const rule = validateRule(r, `extraRules[${i}]`);
    byId.set(rule.id, rule);
  });
  for (const id of options.disabledRules ?? []) byId.delete(id);
  return [...byId.values()];
}

function buildPriors(priors: SeverityPriors): Float64Array[] {
  const table: Float64Array[] = [];
  for (let b = 0; b < SEVERITY_BUCKETS; b++) table.push(new Float64Array(N_CLASSES));
  LOG_CLASSES.forEach((cls, c) => {
    const row = priors[cls];
    if (row === undefined) return;
    if (!Array.isArray(row) || row.length !== SEVERITY_BUCKETS || !row.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new Error(`classifier severityPriors.${cls} must be ${SEVERITY_BUCKETS} numbers (unspecified, debug, info, warn, error, fatal)`);
    }
    for (let b = 0; b < SEVERITY_BUCKETS; b++) table[b][c] = row[b];
  });
  return table;
}

export function createClassifier(options: ClassifierOptions = {}): Classifier {
  const compiled: CompiledRules = compileRules(mergeRules(options));
  const priors = buildPriors({ ...DEFAULT_SEVERITY_PRIORS, ...options.severityPriors });
  const scale = options.confidenceScale ?? 2.5;
  const capacity = options.cacheSize ?? 50_000;
  if (!Number.isInteger(capacity) || capacity < 0) throw new Error('classifier cacheSize must be a non-negative integer');
  const cache = new Map<string, Array<TextVerdict | undefined>>();
  const scratch = new Float64Array(N_CLASSES);
  const genericScratch = new Float64Array(N_CLASSES);
  const groups = groupAttributeRules(compiled.attribute);
  const keyIndex = indexGroupKeys(groups);
  // Scratch of the one-pass scan: per group, the rank of the best key found and its value.
  const groupRank = new Int32Array(groups.length).fill(NOT_FOUND);
  const groupValue: AttrValue[] = new Array<AttrValue>(groups.length).fill('');
  const bitOf = new Map<CompiledAttributeRule, number>(compiled.attribute.map((rule, i) => [rule, i < 31 ? 1 << i : 0]));
  // Up to 31 attribute rules fit a mask; beyond that, verdicts with attributes are not memoised.
  const maskable = compiled.attribute.length <= 31;
  let hits = 0;
  let misses = 0;
  let evictions = 0;
  let attributeMemoOverflow = 0;

  function decide(scores: Float64Array): Classification {
    let best = 0;
    for (let c = 1; c < N_CLASSES; c++) if (scores[c] > scores[best]) best = c;
    let sum = 0;
    for (let c = 0; c < N_CLASSES; c++) sum += Math.exp(scale * (scores[c] - scores[best]));
    return { class: LOG_CLASSES[best], confidence: 1 / sum };
  }

  function textScores(message: string, bucket: SeverityBucket, matched?: Explanation['matched']): Float64Array {
    const scores = new Float64Array(priors[bucket]);
    let problem = bucket >= SeverityBucket.Warn;
    // Classes named by a specific (non-generic, non-topic) rule: bit per class index.
    let specific = 0;
    let anyGeneric = false;
    const genericMatched: Explanation['matched'] | undefined = matched === undefined ? undefined : [];
    for (const rule of compiled.text) {
      if (rule.topic || !severityAllows(rule, bucket)) continue;
      if (rule.regex.test(message)) {
        if (rule.classIndex !== NORMAL && rule.weight > 0) problem = true;
        if (rule.generic) {
          anyGeneric = true;
          genericScratch[rule.classIndex] += rule.weight;
          genericMatched?.push({ id: rule.id, class: LOG_CLASSES[rule.classIndex], weight: rule.weight });
          continue;
        }
        scores[rule.classIndex] += rule.weight;
        if (rule.classIndex !== NORMAL && rule.weight > 0) specific |= 1 << rule.classIndex;
        matched?.push({ id: rule.id, class: LOG_CLASSES[rule.classIndex], weight: rule.weight });
      }
    }
    // Generic evidence names no cause: it counts only for a class no other specific class outranks.
    if (anyGeneric) {
      for (let c = 0; c < N_CLASSES; c++) {
        if (genericScratch[c] === 0) continue;
        if ((specific & ~(1 << c) & ~(1 << NORMAL)) === 0) {
          scores[c] += genericScratch[c];
          for (const m of genericMatched ?? []) if (m.class === LOG_CLASSES[c]) matched?.push(m);
        }
        genericScratch[c] = 0;
      }
    }
    // Topic words only say which kind of problem it is, once the line reports one.
    if (problem) {
      for (const rule of compiled.text) {
        if (!rule.topic || !severityAllows(rule, bucket)) continue;
        if (rule.regex.test(message)) {
          scores[rule.classIndex] += rule.weight;
          matched?.push({ id: rule.id, class: LOG_CLASSES[rule.classIndex], weight: rule.weight });
        }
      }
    }
    return scores;
  }

  /** Adds attribute evidence into `into` (already holding the text scores); returns whether any rule matched. */
  function addAttributeScores(input: ClassifierInput, bucket: SeverityBucket, base: Float64Array, into: Float64Array, matched?: Explanation['matched']): boolean {
    let touched = false;
    for (const rule of compiled.attribute) {
      if (!severityAllows(rule, bucket)) continue;
      let value: AttrValue | undefined;
      for (let k = 0; k < rule.keys.length && value === undefined; k++) value = getAttr(input.attributes, rule.keys[k]);
      if (value === undefined || !rule.test(value)) continue;
      if (!touched) {
        into.set(base);
        touched = true;
      }
      into[rule.classIndex] += rule.weight;
      matched?.push({ id: rule.id, class: LOG_CLASSES[rule.classIndex], weight: rule.weight });
    }
    return touched;
  }

  function textVerdict(message: string, bucket: SeverityBucket, cacheKey: string | undefined): TextVerdict {
    let slots: Array<TextVerdict | undefined> | undefined;
    if (cacheKey !== undefined && capacity > 0) {
      slots = cache.get(cacheKey);
      const hit = slots?.[bucket];
      if (hit !== undefined) {
        hits++;
        return hit;
      }
    }
    misses++;
    const scores = textScores(message, bucket);
    const verdict: TextVerdict = { scores, result: decide(scores) };
    if (cacheKey !== undefined && capacity > 0) {
      if (slots === undefined) {
        if (cache.size >= capacity) {
          // First in, first out: the oldest template is the least likely to be still streaming.
          cache.delete(cache.keys().next().value as string);
          evictions++;
        }
        slots = new Array<TextVerdict | undefined>(SEVERITY_BUCKETS);
        cache.set(cacheKey, slots);
      }
      slots[bucket] = verdict;
    }
    return verdict;
  }

  /** The bit mask of the attribute rules this record's attributes satisfy. */
  function attributeMask(attrs: NonNullable<ClassifierInput['attributes']>, bucket: SeverityBucket): number {
    if (attrs instanceof RecordAttributes) return scannedAttributeMask(attrs, bucket);
    let mask = 0;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g];
      let value: AttrValue | undefined;
      for (let k = 0; k < group.keys.length && value === undefined; k++) value = getAttr(attrs, group.keys[k]);
      if (value === undefined) continue;
      for (let r = 0; r < group.rules.length; r++) {
        const { rule, bit } = group.rules[r];
        if (severityAllows(rule, bucket) && rule.test(value)) mask |= bit;
      }
    }
    return mask;
  }

  /**
   * attributeMask for the engine's RecordAttributes in one pass over the record's few attributes
   * (one index lookup each) instead of a lookup per rule key (~25): per group, the value of its
   * first key present, as before.
   */
  function scannedAttributeMask(attrs: RecordAttributes, bucket: SeverityBucket): number {
    groupRank.fill(NOT_FOUND);
    let found = false;
    for (let i = 0; i < attrs.size; i++) {
      const slots = keyIndex.get(attrs.keyAt(i));
      if (slots === undefined) continue;
      found = true;
      for (let k = 0; k < slots.length; k += 2) {
        const g = slots[k];
        if (slots[k + 1] < groupRank[g]) {
          groupRank[g] = slots[k + 1];
          groupValue[g] = attrs.valueAt(i);
        }
      }
    }
    if (!found) return 0;
    let mask = 0;
    for (let g = 0; g < groups.length; g++) {
      if (groupRank[g] === NOT_FOUND) continue;
      const value = groupValue[g];
      const rules = groups[g].rules;
      for (let r = 0; r < rules.length; r++) {
        const { rule, bit } = rules[r];
        if (severityAllows(rule, bucket) && rule.test(value)) mask |= bit;
      }
    }
    return mask;
  }

  return {
    classify(input, cacheKey) {
      const bucket = severityBucket(input.severityNumber, input.severityText);
      const text = textVerdict(input.message, bucket, cacheKey);
      if (input.attributes === undefined || compiled.attribute.length === 0) return text.result;
      if (!maskable) return addAttributeScores(input, bucket, text.scores, scratch) ? decide(scratch) : text.result;
      const mask = attributeMask(input.attributes, bucket);
      if (mask === 0) return text.result;
      let known = text.withAttributes?.get(mask);
      if (known === undefined) {
        scratch.set(text.scores);
        for (const rule of compiled.attribute) if ((mask & bitOf.get(rule)!) !== 0) scratch[rule.classIndex] += rule.weight;
        known = decide(scratch);
        text.withAttributes ??= new Map();
        if (text.withAttributes.size < MAX_ATTRIBUTE_COMBINATIONS) text.withAttributes.set(mask, known);
        else attributeMemoOverflow++;
      }
      return known;
    },
    explain(input) {
      const bucket = severityBucket(input.severityNumber, input.severityText);
      const matched: Explanation['matched'] = [];
      const scores = textScores(input.message, bucket, matched);
      const total = new Float64Array(N_CLASSES);
      const final = addAttributeScores(input, bucket, scores, total, matched) ? total : scores;
      const byClass = Object.fromEntries(LOG_CLASSES.map((c, i) => [c, final[i]])) as Record<LogClass, number>;
      return { ...decide(final), scores: byClass, matched };
    },
    stats() {
      return {
        rules: compiled.text.length + compiled.attribute.length,
        cacheSize: cache.size,
        cacheCapacity: capacity,
        cacheHits: hits,
        cacheMisses: misses,
        cacheEvictions: evictions,
        attributeMemoOverflow,
        severityTextMemoOverflow: severityTextMemoOverflow(),
      };
    },
  };
}

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** Reads and parses one YAML file; a syntax error names the file. */
export function readYaml(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return parse(text, { strict: true, uniqueKeys: true });
  } catch (err) {
    throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Narrows an unknown to a plain object, failing with where it was expected. */
export function asRecord(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${where}: expected a mapping, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

/** Narrows an unknown to an array, failing with where it was expected. */
export function asArray(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${where}: expected a list, got ${JSON.stringify(value)}`);
  return value;
}

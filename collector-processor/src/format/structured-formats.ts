import type { HeaderFormat, ParsedLine } from './header-format.js';

const MESSAGE_KEYS = ['message', 'msg', 'log', 'text', 'event', 'body'];

/** JSON lines: one object a line; the message field is the message, the rest are fields. */
export const JSON_LINES: HeaderFormat = {
  name: 'json',
  parse(line: string): ParsedLine | undefined {
    const text = line.trim();
    if (text.length < 2 || text.charCodeAt(0) !== 123 || text.charCodeAt(text.length - 1) !== 125) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const fields: Record<string, string> = {};
    flatten(value as Record<string, unknown>, '', fields, 0);
    return takeMessage(fields);
  },
};

function flatten(obj: Record<string, unknown>, prefix: string, out: Record<string, string>, depth: number): void {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix === '' ? k : `${prefix}.${k}`;
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && depth < 8) {
      flatten(v as Record<string, unknown>, key, out, depth + 1);
    } else {
      out[key] = typeof v === 'string' ? v : JSON.stringify(v);
    }
  }
}

function takeMessage(fields: Record<string, string>): ParsedLine {
  for (const key of MESSAGE_KEYS) {
    const m = fields[key];
    if (m !== undefined) {
      delete fields[key];
      return { message: m, fields };
    }
  }
  return { message: '', fields };
}

const PAIR = /([A-Za-z_][\w.\-/]*)=("(?:[^"\\]|\\.)*"|\S*)/y;

/** logfmt: `key=value key2="quoted value"`; every token must be a pair, at least two of them. */
export const LOGFMT: HeaderFormat = {
  name: 'logfmt',
  parse(line: string): ParsedLine | undefined {
    const fields: Record<string, string> = {};
    let pairs = 0;
    let i = 0;
    const len = line.length;
    while (i < len) {
      while (i < len && line.charCodeAt(i) === 32) i++;
      if (i >= len) break;
      PAIR.lastIndex = i;
      const m = PAIR.exec(line);
      if (m === null) return undefined;
      const raw = m[2];
      fields[m[1]] = raw.startsWith('"') ? unquote(raw) : raw;
      pairs++;
      i = PAIR.lastIndex;
      if (i < len && line.charCodeAt(i) !== 32) return undefined;
    }
    if (pairs < 2) return undefined;
    return takeMessage(fields);
  },
};

function unquote(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1);
  }
}

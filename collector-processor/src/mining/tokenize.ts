import { found, typeOf, urlScheme } from './param-type.js';
import { TokenizedLine, WILDCARD } from './tokenized-line.js';

/*
 * Character classes as bits of one table (ASCII; everything else is an ordinary character), so
 * the per-character loops do one array read instead of several comparisons or Set lookups.
 */
const SPACE_BIT = 1;
/** Digits and `/ @ \`: the word may hold a typed value and needs masking. */
const INTERESTING = 2;
/** Characters that wrap a value without being part of it: `[10.0.0.1]`, `(42)`, `"x",`. */
const LEADING = 4;
const TRAILING = 8;
/** Separators inside a word: key=value, host:port, a/b, user@host, lists... */
const INNER = 16;
/** Characters that end a path embedded in a word. */
const PATH_END = 32;

const CLASS = new Uint8Array(128);
const mark = (chars: string, bit: number): void => {
  for (const ch of chars) CLASS[ch.charCodeAt(0)] |= bit;
};
mark(' \t\n\r\v\f', SPACE_BIT);
mark('0123456789/@\\', INTERESTING);
mark('([{<"\'`', LEADING);
mark(')]}>"\'`,;:.!?', TRAILING);
mark('=:,;()[]{}<>"\'|@/\\#', INNER);
mark(')]}>,;"\'|', PATH_END);

function has(c: number, bit: number): boolean {
  return c < 128 && (CLASS[c] & bit) !== 0;
}

const SPACE = 32;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isAlnum(c: number): boolean {
  return isDigit(c) || isLetter(c);
}
function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isSpace(c: number): boolean {
  return c < 128 && (CLASS[c] & SPACE_BIT) !== 0;
}

/**
 * Splits `message` into masked tokens (see TokenizedLine). At most `maxTokens` tokens: the rest of
 * a longer line becomes one trailing `<*>`. Returns true when the line was cut that way.
 */
export function tokenize(line: TokenizedLine, message: string, maxTokens: number): boolean {
  line.reset(message);
  const len = message.length;
  let i = 0;
  while (i < len) {
    while (i < len && isSpace(message.charCodeAt(i))) i++;
    if (i >= len) break;
    if (line.count >= maxTokens - 1 && line.count > 0) {
      let end = len;
      while (end > i && isSpace(message.charCodeAt(end - 1))) end--;
      // Only cut when more than one word remains.
      let j = i;
      while (j < end && !isSpace(message.charCodeAt(j))) j++;
      if (j < end) {
        const first = line.paramTotal;
        line.addParam(i, end, 'string', undefined);
        line.addToken(WILDCARD, i, end, first);
        return true;
      }
    }
    const ws = i;
    let bits = 0;
    while (i < len) {
      const c = message.charCodeAt(i);
      if (c < 128) {
        const k = CLASS[c];
        if ((k & SPACE_BIT) !== 0) break;
        bits |= k;
      }
      i++;
    }
    const interesting = (bits & INTERESTING) !== 0;
    const first = line.paramTotal;
    let masked: string;
    if (interesting) masked = maskWord(line, message, ws, i);
    else if (isCalendarWord(message, ws, i)) {
      line.addParam(ws, i, 'time', undefined);
      masked = WILDCARD;
    } else masked = message.slice(ws, i);
    if (masked === WILDCARD && line.paramTotal === first + 1 && line.paramType[first] === 'number') {
      const unitEnd = joinSizeUnit(line, message, i, first);
      if (unitEnd > i) {
        masked = WILDCARD + message.slice(line.paramEnd[first], unitEnd);
        i = unitEnd;
      }
    }
    line.addToken(masked, ws, i, first);
  }
  return false;
}

const SIZE_UNITS: Record<string, number> = {
  B: 1,
  KB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
};

/**
 * A number followed by a size unit word (`16.0 KB`) is one size: when the word after position
 * `i` is a unit, the param `p` becomes a size spanning both and the end of the unit word (its
 * trailing punctuation excluded) is returned; otherwise `i`.
 */
function joinSizeUnit(line: TokenizedLine, message: string, i: number, p: number): number {
  const len = message.length;
  if (i + 1 >= len || message.charCodeAt(i) !== SPACE) return i;
  const s = i + 1;
  let e = s;
  while (e < len && !isSpace(message.charCodeAt(e))) e++;
  let core = e;
  while (core > s && has(message.charCodeAt(core - 1), TRAILING)) core--;
  if (core - s > 3 || core === s) return i;
  const scale = SIZE_UNITS[message.slice(s, core)];
  if (scale === undefined) return i;
  line.paramEnd[p] = core;
  line.paramType[p] = 'size';
  line.paramValue[p] = (line.paramValue[p] ?? 0) * scale;
  return e;
}

const CALENDAR = new Set(
  'Mon Tue Wed Thu Fri Sat Sun Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June July August September October November December'.split(
    ' ',
  ),
);

/** Day and month names are parts of dates, not keywords (`Fri Jul 8 2005`). */
function isCalendarWord(message: string, s: number, e: number): boolean {
  const n = e - s;
  if (n < 3 || n > 9) return false;
  const c = message.charCodeAt(s);
  if (c < 65 || c > 90) return false;
  return CALENDAR.has(message.slice(s, e));
}

/** The masked form of the word message[ws, we), adding its params to `line`. */
function maskWord(line: TokenizedLine, message: string, ws: number, we: number): string {
  let a = ws;
  while (a < we && has(message.charCodeAt(a), LEADING)) a++;
  let b = we;
  while (b > a && has(message.charCodeAt(b - 1), TRAILING)) b--;
  if (a >= b) return message.slice(ws, we);
  const integer = unsignedIntegerAt(message, a, b);
  if (integer >= 0) {
    // The commonest value (counts, ids, sizes): typed without cutting it out of the message.
    line.addParam(a, b, 'number', integer);
    return message.slice(ws, a) + WILDCARD + message.slice(b, we);
  }
  const core = message.slice(a, b);
  const whole = typeOf(core);
  if (whole !== undefined) {
    if (whole === 'url') {
      const scheme = urlScheme(core) ?? '';
      const valueStart = a + scheme.length + 3;
      line.addParam(valueStart, b, 'url', undefined);
      return message.slice(ws, valueStart) + WILDCARD + message.slice(b, we);
    }
    line.addParam(a, b, whole, found.value);
    return message.slice(ws, a) + WILDCARD + message.slice(b, we);
  }
  // Mixed word: mask each variable segment between inner separators.
  let out = message.slice(ws, a);
  let s = a;
  for (let k = a; k <= b; k++) {
    const c = k < b ? message.charCodeAt(k) : -1;
    // A path right after a separator (`chdir(/g/g21/run)`, `file=/tmp/x`) is one value.
    if (c === 47 && k === s && k > a) {
      let e = k + 1;
      while (e < b && !has(message.charCodeAt(e), PATH_END)) e++;
      if (e > k + 1 && typeOf(message.slice(k, e)) === 'path') {
        line.addParam(k, e, 'path', undefined);
        out += WILDCARD;
        k = e - 1;
        s = e;
        continue;
      }
    }
    if (k < b && !has(c, INNER)) continue;
    if (k > s) {
      const before = line.paramTotal;
      // A segment that is the whole core is already known to be no typed value.
      const masked = maskSegment(line, message, s, k, s === a && k === b);
      // Java prints addresses as `/10.0.0.1`: the slash belongs to the value.
      if (s === a + 1 && message.charCodeAt(a) === 47 && masked === WILDCARD && line.paramTotal === before + 1 && line.paramType[before] === 'ip') {
        line.paramStart[before] = a;
        out = out.slice(0, -1);
      }
      out += masked;
    }
    if (k < b) out += message[k];
    s = k + 1;
  }
  return out + message.slice(b, we);
}

/**
 * A segment between separators: a typed value, or pieces split at '.' and '-' masked one by one.
 * `untyped`: the caller already found the whole segment to be no typed value.
 */
function maskSegment(line: TokenizedLine, message: string, s: number, e: number, untyped: boolean): string {
  let hasDigit = false;
  for (let k = s; k < e; k++) {
    if (isDigit(message.charCodeAt(k))) {
      hasDigit = true;
      break;
    }
  }
  if (!hasDigit) return message.slice(s, e);
  if (!untyped) {
    const type = typeOf(message.slice(s, e));
    if (type !== undefined) {
      line.addParam(s, e, type, found.value);
      return WILDCARD;
    }
  }
  let out = '';
  let p = s;
  let lastWasVar = false;
  for (let k = s; k <= e; k++) {
    const c = k < e ? message.charCodeAt(k) : -1;
    // Split at dots, and at hyphens between two letters or digits (`node-246`, not `blk_-42`).
    if (k < e && c !== 46 && (c !== 45 || !isAlnum(message.charCodeAt(k - 1)) || !isAlnum(message.charCodeAt(k + 1)))) continue;
    if (k > p) {
      if (isVariablePiece(message, p, k)) {
        // `<*>.<*>` is one dotted value (a version, a host): extend the previous param.
        if (lastWasVar && message.charCodeAt(p - 1) === 46) {
          line.paramEnd[line.paramTotal - 1] = k;
          line.paramType[line.paramTotal - 1] = 'id';
          line.paramValue[line.paramTotal - 1] = undefined;
          out = out.slice(0, out.length - 1);
        } else {
          // The whole segment as one piece is no typed value (found above): an id.
          const type = p === s && k === e ? undefined : typeOf(message.slice(p, k));
          line.addParam(p, k, type ?? 'id', type === undefined ? undefined : found.value);
          out += WILDCARD;
        }
        lastWasVar = true;
      } else {
        out += message.slice(p, k);
        lastWasVar = false;
      }
    }
    if (k < e) out += message[k];
    p = k + 1;
  }
  return out;
}

/**
 * The value of message[s, e) when it is an unsigned integer of at most 15 digits (exact as a
 * double, so the same as Number() of its text), else -1.
 */
function unsignedIntegerAt(message: string, s: number, e: number): number {
  if (e - s > 15) return -1;
  let value = 0;
  for (let k = s; k < e; k++) {
    const d = message.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * A piece with digits is a variable (an id, a counter), except a word with a single digit, such
 * as a protocol, algorithm or product name (`ssh2`, `md5`, `A2dp`, `log4j`), which names a thing.
 */
function isVariablePiece(message: string, s: number, e: number): boolean {
  let digits = 0;
  let letters = 0;
  for (let k = s; k < e; k++) {
    const c = message.charCodeAt(k);
    if (isDigit(c)) digits++;
    else if (isLetter(c) || c === 95) letters++;
  }
  if (digits === 0) return false;
  if (digits === 1 && letters >= 2 && letters === e - s - 1) return false;
  return true;
}

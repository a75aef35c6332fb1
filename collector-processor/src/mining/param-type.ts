import type { ParamType } from '../engine-api.js';

/**
 * Recognises typed variables (the values behind a template's `<*>`) from their shape alone.
 * Checks are ordered from the most to the least specific; each is anchored to the whole text.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;
const IPV6 = /^(?=.*:.*:)(?=.*[0-9a-f])[0-9a-f:]+(?:%\w+)?$/i;
const NUMBER = /^[-+]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?$/;
const HEX_PREFIXED = /^[-+]?0x[0-9a-f]+$/i;
/** Hex strings of 8+ digits with at least one decimal digit (hashes, addresses). */
function isLongHex(text: string): boolean {
  if (text.length < 8) return false;
  let digit = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digit = true;
    else if (!((c | 32) >= 97 && (c | 32) <= 102)) return false;
  }
  return digit;
}

function isUnsignedInteger(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
const DURATION = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)$/i;
const SIZE = /^(\d+(?:\.\d+)?)([kmgtp]?i?b|[kmgtp]|bytes?)$/i;
const DATE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[T_ -]?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const CLOCK = /^\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?$/;
const URL = /^([a-z][a-z0-9+.-]*):\/\/(\S+)$/i;
const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
const PATH = /^(?:~?\/|\.{1,2}\/|[a-z]:\\)[^\s]*$/i;
/** A lone `/` followed by a digit is an address (`/10.0.0.1:80`), not a path. */
const NOT_PATH = /^\/\d[^/]*$/;

const DURATION_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

export interface ParamShape {
  type: ParamType;
  /** Numeric value in a base unit (ms, bytes) where the type has one. */
  value: number | undefined;
}

/**
 * The value behind the type typeOf last returned (a base unit where the type has one, else
 * undefined): kept here rather than in a new object per token, as the tokenizer calls typeOf for
 * most variable words of every line.
 */
export const found: { value: number | undefined } = { value: undefined };

function valued(type: ParamType, value: number): ParamType {
  found.value = value;
  return type;
}

function plain(type: ParamType): ParamType {
  found.value = undefined;
  return type;
}

/** Character counts of a token, taken in one pass so only the plausible patterns are tried. */
let letters = 0;
let nonHexLetters = 0;
let dots = 0;
let colons = 0;
let dashes = 0;
let slashes = 0;
let others = 0;

function scan(text: string): void {
  letters = nonHexLetters = dots = colons = dashes = slashes = others = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    const l = c | 32;
    if (l >= 97 && l <= 122) {
      letters++;
      if (l > 102) nonHexLetters++;
    } else if (c === 46) dots++;
    else if (c === 58) colons++;
    else if (c === 45) dashes++;
    else if (c === 47 || c === 92) slashes++;
    else others++;
  }
}

/** The type of a whole token that is a variable by its shape, or undefined for a word. */
export function classifyValue(text: string): ParamShape | undefined {
  const type = typeOf(text);
  return type === undefined ? undefined : { type, value: found.value };
}

/** classifyValue without the result object: the type, with its value left in `found.value`. */
export function typeOf(text: string): ParamType | undefined {
  const c = text.charCodeAt(0);
  const startsDigit = c >= 48 && c <= 57;
  if (startsDigit && isUnsignedInteger(text)) return valued('number', Number(text));
  scan(text);
  if (startsDigit || c === 45 || c === 43 || c === 46) {
    // Digits, one dot, digits (`4.5`, `515.45`): what NUMBER would match, without running it.
    if (startsDigit && dots === 1 && letters + colons + dashes + slashes + others === 0 && isDigitCode(text.charCodeAt(text.length - 1))) {
      return valued('number', Number(text));
    }
    if (letters <= 1 && colons === 0 && slashes === 0 && NUMBER.test(text)) return valued('number', Number(text));
    if (letters > 0 && (text[1] === 'x' || text[1] === 'X' || text[2] === 'x') && HEX_PREFIXED.test(text)) {
      return valued('hex', Number.parseInt(text, 16));
    }
    if (dots === 3 && letters === 0 && colons === 0 && IPV4.test(text)) return plain('ip');
    if ((dashes >= 2 || slashes === 2 || dots >= 2) && DATE.test(text)) return plain('time');
    if (colons > 0 && letters === 0 && CLOCK.test(text)) return plain('time');
    if (letters > 0 && isLetter(text.charCodeAt(text.length - 1))) {
      const ms = startsDigit ? asciiDurationMs(text) : -1;
      if (ms >= 0) return valued('duration', ms);
      const d = ms === -2 ? DURATION.exec(text) : null;
      if (d !== null) return valued('duration', Number(d[1]) * (DURATION_MS[d[2].toLowerCase()] ?? 1));
      const s = SIZE.exec(text);
      if (s !== null) {
        const unit = s[2].toLowerCase();
        const scale = unit.startsWith('byte') ? 1 : (SIZE_UNITS[unit[0] === 'b' ? '' : unit[0]] ?? 1);
        return valued('size', Number(s[1]) * scale);
      }
    }
    if (dashes === 4 && UUID.test(text)) return plain('uuid');
    if (nonHexLetters === 0 && dots + colons + dashes + slashes + others === 0 && isLongHex(text)) return plain('hex');
    if (colons >= 2 && IPV6.test(text)) return plain('ip');
    if (slashes > 0 && PATH.test(text)) return plain('path');
    return undefined;
  }
  if (c === 47 || c === 126) return PATH.test(text) && !NOT_PATH.test(text) ? plain('path') : undefined;
  if (dashes === 4 && UUID.test(text)) return plain('uuid');
  if (nonHexLetters === 0 && dots + colons + dashes + slashes + others === 0 && isLongHex(text)) return plain('hex');
  if (colons > 0 && slashes >= 2 && text.includes('://') && URL.test(text)) return plain('url');
  if (others > 0 && text.includes('@') && EMAIL.test(text)) return plain('email');
  if (colons >= 2 && IPV6.test(text)) return plain('ip');
  if (slashes > 0 && PATH.test(text)) return plain('path');
  return undefined;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

const DURATION_UNITS = new Map(Object.entries(DURATION_MS));

/**
 * What DURATION gives for a text that starts with a digit, parsed by hand (`4.5ms` is in most
 * lines): the duration in ms, -1 when it is not one, -2 when the unit is not ASCII (the regex
 * decides: its case-insensitive matching folds some non-ASCII letters).
 */
function asciiDurationMs(text: string): number {
  // The digits as one integer, and the power of ten the decimal point divides it by.
  let digits = 0;
  let mantissa = 0;
  let divisor = 1;
  let i = 0;
  while (i < text.length && isDigitCode(text.charCodeAt(i))) {
    mantissa = mantissa * 10 + (text.charCodeAt(i) - 48);
    digits++;
    i++;
  }
  if (i + 1 < text.length && text.charCodeAt(i) === 46 && isDigitCode(text.charCodeAt(i + 1))) {
    i++;
    while (i < text.length && isDigitCode(text.charCodeAt(i))) {
      mantissa = mantissa * 10 + (text.charCodeAt(i) - 48);
      divisor *= 10;
      digits++;
      i++;
    }
  }
  for (let k = i; k < text.length; k++) if (text.charCodeAt(k) > 127) return -2;
  // A unit never starts with a digit or '.', so no shorter number could leave a valid unit.
  const scale = durationUnitMs(text, i);
  if (scale < 0) return -1;
  // Up to 15 digits the integer and the power of ten are exact, and one division rounds as
  // Number() of the text does; longer numbers are left to Number().
  const number = digits <= 15 ? mantissa / divisor : Number(text.slice(0, i));
  return number * scale;
}

/** Milliseconds per unit of the ASCII unit text[i..] (case-insensitive), -1 when it is none. */
function durationUnitMs(text: string, i: number): number {
  const n = text.length - i;
  // The commonest units without cutting and lower-casing them: `ms` and `s`.
  if (n === 2 && (text.charCodeAt(i) | 32) === 109 && (text.charCodeAt(i + 1) | 32) === 115) return DURATION_MS.ms;
  if (n === 1 && (text.charCodeAt(i) | 32) === 115) return DURATION_MS.s;
  return DURATION_UNITS.get(text.slice(i).toLowerCase()) ?? -1;
}

function isLetter(c: number): boolean {
  const l = c | 32;
  return l >= 97 && l <= 122;
}

/** The scheme of a URL (`s3` in `s3://bucket/x`), or undefined when the text is not a URL. */
export function urlScheme(text: string): string | undefined {
  const m = URL.exec(text);
  return m === null ? undefined : m[1];
}

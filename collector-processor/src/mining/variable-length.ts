import { isVariableToken, type TokenizedLine, WILDCARD } from './tokenized-line.js';

/** Longest difference in token count that a variable-length parameter may absorb. */
export const MAX_STRETCH = 32;

export interface Stretch {
  /** Template position of the `<*>` that takes the run. */
  at: number;
  /** How many message tokens it takes (>= 1). */
  span: number;
  /** True when the template itself must fold a run of its own tokens into that `<*>`. */
  fold: number;
}

/**
 * Whether a line and a template of a different length are the same event with a list of values
 * of another length: everything before and after one run must match token for token (equal, or
 * a template `<*>`, or variables on both sides), and the run itself must hold only variables on
 * both sides. Keywords never stretch, so `Failed password for invalid user x` does not join
 * `Failed password for <*>`. Returns where the run is, or undefined.
 */
export function findStretch(tokens: readonly string[], line: TokenizedLine): Stretch | undefined {
  const masked = line.masked;
  const n = line.count;
  const l = tokens.length;
  if (l === n || Math.abs(l - n) > MAX_STRETCH || l === 0 || n === 0) return undefined;
  let prefix = 0;
  const shorter = Math.min(l, n);
  while (prefix < shorter && matches(tokens[prefix], masked[prefix])) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && matches(tokens[l - 1 - suffix], masked[n - 1 - suffix])) suffix++;
  // The run: template [at, l - suffix), message [at, n - suffix); one side has exactly one token.
  for (let at = Math.min(prefix, shorter - 1); at >= 0 && at + suffix >= shorter - 1; at--) {
    const tEnd = l - suffix;
    const mEnd = n - suffix;
    if (tEnd - at < 1 || mEnd - at < 1) continue;
    if (tEnd - at > 1 && mEnd - at > 1) continue;
    // The rest must be anchored by at least one keyword that both share.
    if (!sharesKeyword(tokens, masked, at, l - tEnd, n)) continue;
    let ok = true;
    for (let i = at; i < tEnd && ok; i++) ok = isBareValue(tokens[i]);
    for (let i = at; i < mEnd && ok; i++) ok = isBareValue(masked[i]);
    if (ok) return { at, span: mEnd - at, fold: tEnd - at };
  }
  return undefined;
}

function sharesKeyword(tokens: readonly string[], masked: readonly string[], before: number, after: number, n: number): boolean {
  for (let i = 0; i < before; i++) if (tokens[i] === masked[i] && !isVariableToken(tokens[i])) return true;
  for (let j = 1; j <= after; j++) {
    const t = tokens[tokens.length - j];
    if (t === masked[n - j] && !isVariableToken(t)) return true;
  }
  return false;
}

/** A value without words around it (`<*>`, `<*>:<*>`, `[<*>]`, `@<*>`): an item of a list. */
function isBareValue(token: string): boolean {
  if (!isVariableToken(token)) return false;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i) | 32;
    if (c >= 97 && c <= 122) return false;
  }
  return true;
}

function matches(t: string, m: string): boolean {
  return t === m || t === WILDCARD || (isVariableToken(t) && isVariableToken(m));
}

import type { ParamType } from '../engine-api.js';

/**
 * One message split into masked tokens, in reusable arrays (the miner tokenizes every line into
 * the same instance, so the hot path allocates only the strings it must).
 *
 * A token is a whitespace-separated word with its variable parts replaced by `<*>`
 * (`(HWID=1973)` → `(HWID=<*>)`); the values behind each `<*>` are the token's params, kept as
 * spans of the message. A run of equal masked tokens that hold a variable is one token, so a list
 * of any length (`@0x1f @0x2e @0x3d`) has one shape.
 */
export class TokenizedLine {
  message = '';
  count = 0;
  readonly masked: string[] = [];
  readonly start: number[] = [];
  readonly end: number[] = [];
  readonly paramFirst: number[] = [];
  readonly paramCount: number[] = [];
  /** Words folded into the token (more than 1 for a run of equal variable tokens). */
  readonly words: number[] = [];

  paramTotal = 0;
  readonly paramStart: number[] = [];
  readonly paramEnd: number[] = [];
  readonly paramType: ParamType[] = [];
  readonly paramValue: (number | undefined)[] = [];

  reset(message: string): void {
    this.message = message;
    this.count = 0;
    this.paramTotal = 0;
  }

  addParam(start: number, end: number, type: ParamType, value: number | undefined): void {
    const i = this.paramTotal++;
    this.paramStart[i] = start;
    this.paramEnd[i] = end;
    this.paramType[i] = type;
    this.paramValue[i] = value;
  }

  /** Appends a token whose params are those added since `firstParam`. */
  addToken(masked: string, start: number, end: number, firstParam: number): void {
    const n = this.count;
    const params = this.paramTotal - firstParam;
    // A repeated variable token extends the previous one: variable-length lists keep one shape.
    // A token ending in ':' labels what follows (`10.0.0.1: 11: Bye`), so it is not a list item.
    if (n > 0 && params > 0 && this.paramCount[n - 1] > 0 && this.masked[n - 1] === masked && !masked.endsWith(':')) {
      this.end[n - 1] = end;
      this.paramCount[n - 1] += params;
      this.words[n - 1]++;
      return;
    }
    this.masked[n] = masked;
    this.start[n] = start;
    this.end[n] = end;
    this.paramFirst[n] = firstParam;
    this.paramCount[n] = params;
    this.words[n] = 1;
    this.count = n + 1;
  }
}

/** True when a masked token holds a variable. */
export function isVariableToken(token: string): boolean {
  return token.includes('<*>');
}

export const WILDCARD = '<*>';

/**
 * JSON.parse of a UTF-8 buffer, except that the arrays at the given paths come back as iterables
 * that parse one item at a time. Restoring a large state then holds the file's bytes and one
 * item's plain data at a time, instead of the whole parsed tree beside the state being rebuilt
 * from it (and the whole text as a string besides).
 *
 * Only the objects on the way to a lazy path are walked here; every other value is cut out by a
 * byte scan and handed to JSON.parse, so what comes back is what JSON.parse gives. The scan
 * relies on JSON's structural characters being ASCII: no byte of a multi-byte UTF-8 sequence can
 * be mistaken for one. The text is assumed to be well-formed JSON (a state file is checked
 * against its checksum first); a malformed part still throws a SyntaxError, when it is parsed.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** An array left in the buffer: iterating it parses its items one by one, afresh each pass. */
export class LazyParsedArray implements Iterable<unknown> {
  constructor(
    private readonly data: Buffer,
    /** Start and end byte offsets of each item, flattened. */
    private readonly bounds: readonly number[],
  ) {}

  get length(): number {
    return this.bounds.length / 2;
  }

  *[Symbol.iterator](): Iterator<unknown> {
    for (let i = 0; i < this.bounds.length; i += 2) yield JSON.parse(this.data.toString('utf8', this.bounds[i], this.bounds[i + 1])) as unknown;
  }
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

function syntaxError(what: string, at: number): SyntaxError {
  return new SyntaxError(`${what} at byte ${at}`);
}

class Scanner {
  constructor(
    readonly data: Buffer,
    private readonly lazyPaths: readonly (readonly string[])[],
  ) {}

  skipSpace(at: number): number {
    while (at < this.data.length && isSpace(this.data[at])) at++;
    return at;
  }

  /** The offset just past the string that opens at `at`. */
  skipString(at: number): number {
    const data = this.data;
    for (let i = at + 1; i < data.length; i++) {
      const b = data[i];
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) return i + 1;
    }
    throw syntaxError('unterminated string', at);
  }

  /** The offset just past the value that starts at `at` (no leading space). */
  skipValue(at: number): number {
    const data = this.data;
    const first = data[at];
    if (first === QUOTE) return this.skipString(at);
    if (first === OPEN_BRACE || first === OPEN_BRACKET) {
      let depth = 0;
      for (let i = at; i < data.length; i++) {
        const b = data[i];
        if (b === QUOTE) i = this.skipString(i) - 1;
        else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
        else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
          if (--depth === 0) return i + 1;
        }
      }
      throw syntaxError('unclosed container', at);
    }
    // A number, true, false or null: up to the next delimiter.
    let i = at;
    while (i < data.length && !isSpace(data[i]) && data[i] !== COMMA && data[i] !== CLOSE_BRACE && data[i] !== CLOSE_BRACKET) i++;
    if (i === at) throw syntaxError('value expected', at);
    return i;
  }

  private pathIs(path: readonly string[], lazy: readonly string[]): boolean {
    return path.length === lazy.length && path.every((p, i) => p === lazy[i]);
  }

  private isPrefix(path: readonly string[]): boolean {
    return this.lazyPaths.some((lazy) => lazy.length > path.length && path.every((p, i) => p === lazy[i]));
  }

  /** Parses the value at `at` (no leading space); returns it and the offset past it. */
  value(at: number, path: string[]): [unknown, number] {
    const first = this.data[at];
    if (first === OPEN_BRACKET && this.lazyPaths.some((lazy) => this.pathIs(path, lazy))) return this.lazyArray(at);
    if (first === OPEN_BRACE && this.isPrefix(path)) return this.object(at, path);
    const end = this.skipValue(at);
    return [JSON.parse(this.data.toString('utf8', at, end)) as unknown, end];
  }

  private lazyArray(at: number): [LazyParsedArray, number] {
    const bounds: number[] = [];
    let i = this.skipSpace(at + 1);
    if (this.data[i] === CLOSE_BRACKET) return [new LazyParsedArray(this.data, bounds), i + 1];
    for (;;) {
      const end = this.skipValue(i);
      bounds.push(i, end);
      i = this.skipSpace(end);
      if (this.data[i] === CLOSE_BRACKET) return [new LazyParsedArray(this.data, bounds), i + 1];
      if (this.data[i] !== COMMA) throw syntaxError('`,` or `]` expected', i);
      i = this.skipSpace(i + 1);
    }
  }

  private object(at: number, path: string[]): [Record<string, unknown>, number] {
    const out: Record<string, unknown> = {};
    let i = this.skipSpace(at + 1);
    if (this.data[i] === CLOSE_BRACE) return [out, i + 1];
    for (;;) {
      if (this.data[i] !== QUOTE) throw syntaxError('key expected', i);
      const keyEnd = this.skipString(i);
      const key = JSON.parse(this.data.toString('utf8', i, keyEnd)) as string;
      i = this.skipSpace(keyEnd);
      if (this.data[i] !== COLON) throw syntaxError('`:` expected', i);
      const [v, end] = this.value(this.skipSpace(i + 1), [...path, key]);
      // As JSON.parse does: a later duplicate key wins, and __proto__ is an own property.
      Object.defineProperty(out, key, { value: v, writable: true, enumerable: true, configurable: true });
      i = this.skipSpace(end);
      if (this.data[i] === CLOSE_BRACE) return [out, i + 1];
      if (this.data[i] !== COMMA) throw syntaxError('`,` or `}` expected', i);
      i = this.skipSpace(i + 1);
    }
  }
}

/**
 * Parses `data` (UTF-8 JSON) like JSON.parse, but an array found at one of `lazyPaths` (a path is
 * the keys from the top-level object down, e.g. ['engine', 'miner', 'services']) becomes a
 * LazyParsedArray, which keeps `data` alive while it is reachable.
 */
export function parseJsonLazily(data: Buffer, lazyPaths: readonly (readonly string[])[]): unknown {
  const scanner = new Scanner(data, lazyPaths);
  let at = scanner.skipSpace(0);
  if (at === data.length) throw syntaxError('no JSON value', at);
  const [value, end] = scanner.value(at, []);
  at = scanner.skipSpace(end);
  if (at !== data.length) throw syntaxError('unexpected data after the JSON value', at);
  return value;
}

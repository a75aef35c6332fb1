import type { HeaderFormat, ParsedLine } from './header-format.js';

/**
 * Header formats written as the loghub benchmark writes them:
 * `<Date> <Time> <Level> \[<Process>\] <Component>: <Content>`. Text between fields is a regular
 * expression fragment where spaces stand for any run of whitespace; `<Content>` is the message.
 * A field may carry its own pattern, `<Pid:\d+>`; without one it matches lazily (`.*?`), as in
 * loghub. Unknown specs from users compile the same way.
 */
const FIELD = /<([A-Za-z_][A-Za-z0-9_]*)(?::((?:\\.|[^<>\\])*))?>/g;

export function compileSpec(name: string, spec: string): HeaderFormat {
  const names: string[] = [];
  let source = '^';
  let last = 0;
  let hasContent = false;
  const matches = [...spec.matchAll(FIELD)];
  const contentAt = matches.findIndex((m) => m[1] === 'Content');
  for (let i = 0; i < matches.length; i++) {
    const m = matches[i];
    source += literal(spec.slice(last, m.index));
    const field = m[1];
    const group = `f${names.length}`;
    names.push(field.toLowerCase());
    if (field === 'Content') {
      hasContent = true;
      source += `(?<${group}>.*)`;
    } else {
      const next = i + 1 < matches.length ? (matches[i + 1].index ?? spec.length) : spec.length;
      source += `(?<${group}>${m[2] ?? defaultPattern(spec.slice(m.index + m[0].length, next), i === contentAt - 1)})`;
    }
    last = m.index + m[0].length;
  }
  source += literal(spec.slice(last));
  if (!hasContent) throw new SyntaxError(`format '${name}': the spec has no <Content> field`);
  let regex: RegExp;
  try {
    regex = new RegExp(source + '$', 's');
  } catch (err) {
    throw new SyntaxError(`format '${name}': invalid pattern (${(err as Error).message})`);
  }
  return new SpecFormat(name, regex, names);
}

/**
 * The pattern of a field without one, chosen so that each field has few possible ends (nested
 * `.*?` fields would backtrack combinatorially on lines that do not fit): up to the delimiter
 * that follows it (`\[<Time>\]` → no `]` inside), one word when a space follows, and anything
 * for the last field before the message (loghub lets it hold spaces: `ntpd 4.2.8: synchronized`).
 */
function defaultPattern(after: string, lastBeforeContent: boolean): string {
  let i = 0;
  while (i < after.length && '()?'.includes(after[i])) i++;
  let c = after[i];
  if (c === '\\') c = after[i + 1];
  if (c !== undefined && c !== ' ') return `[^${escapeClass(c)}\\n]*?`;
  return lastBeforeContent ? '.*?' : '\\S+?';
}

function escapeClass(c: string): string {
  return /[\]\\^-]/.test(c) ? `\\${c}` : c;
}

function literal(fragment: string): string {
  return fragment.replace(/ +/g, '\\s+');
}

class SpecFormat implements HeaderFormat {
  constructor(
    readonly name: string,
    private readonly regex: RegExp,
    private readonly names: readonly string[],
  ) {}

  parse(line: string): ParsedLine | undefined {
    const m = this.regex.exec(line);
    if (m === null || m.groups === undefined) return undefined;
    const fields: Record<string, string> = {};
    let message = '';
    for (let i = 0; i < this.names.length; i++) {
      const value = m.groups[`f${i}`];
      if (this.names[i] === 'content') message = (value ?? '').trimEnd();
      else if (value !== undefined) fields[this.names[i]] = value;
    }
    return { message, fields };
  }
}

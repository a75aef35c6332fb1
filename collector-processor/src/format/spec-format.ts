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
  FIELD.lastIndex = 0;
  for (let m = FIELD.exec(spec); m !== null; m = FIELD.exec(spec)) {
    source += literal(spec.slice(last, m.index));
    const field = m[1];
    const group = `f${names.length}`;
    names.push(field.toLowerCase());
    if (field === 'Content') {
      hasContent = true;
      source += `(?<${group}>.*?)`;
    } else {
      source += `(?<${group}>${m[2] ?? '.*?'})`;
    }
    last = FIELD.lastIndex;
  }
  source += literal(spec.slice(last));
  if (!hasContent) throw new SyntaxError(`format '${name}': the spec has no <Content> field`);
  let regex: RegExp;
  try {
    regex = new RegExp(source + '\\s*$', 's');
  } catch (err) {
    throw new SyntaxError(`format '${name}': invalid pattern (${(err as Error).message})`);
  }
  return new SpecFormat(name, regex, names);
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
      if (this.names[i] === 'content') message = value ?? '';
      else if (value !== undefined) fields[this.names[i]] = value;
    }
    return { message, fields };
  }
}

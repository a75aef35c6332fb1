import { readFileSync } from 'node:fs';
import { fromRoot } from './paths.js';

export interface DockerInstruction {
  keyword: string;
  args: string;
  line: number;
}

/** The instructions of the repository's Dockerfile, continuation lines joined. */
export function dockerfileInstructions(): DockerInstruction[] {
  const lines = readFileSync(fromRoot('Dockerfile'), 'utf8').split('\n');
  const out: DockerInstruction[] = [];
  let pending = '';
  let start = 0;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) return;
    if (pending === '') start = i + 1;
    pending += (pending === '' ? '' : ' ') + line.replace(/\\$/, '').trim();
    if (line.endsWith('\\')) return;
    const space = pending.indexOf(' ');
    out.push({ keyword: pending.slice(0, space).toUpperCase(), args: pending.slice(space + 1).trim(), line: start });
    pending = '';
  });
  return out;
}

/** An exec-form JSON array (`["a", "b"]`) or a shell-form string split on spaces. */
export function execForm(args: string): string[] {
  return args.startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/);
}

/** Whether .dockerignore keeps `relative` (a repository path) out of the build context. */
export function dockerIgnored(relative: string): boolean {
  const rules = readFileSync(fromRoot('.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  let ignored = false;
  for (const rule of rules) {
    const negate = rule.startsWith('!');
    const pattern = (negate ? rule.slice(1) : rule).replace(/\/$/, '');
    const regex = new RegExp(
      `^${pattern
        .split('**')
        .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]'))
        .join('.*')
        .replace(/^\.\*\//, '(?:.*/)?')}(?:/.*)?$`,
    );
    if (regex.test(relative)) ignored = !negate;
  }
  return ignored;
}

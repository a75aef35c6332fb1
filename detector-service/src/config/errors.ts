import type { z } from 'zod';

/** A configuration problem; the message names every bad key. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Turns zod issues into `a.b.c: what is wrong` lines, with `prefix` before each path. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): string[] {
  return issues.map((issue) => {
    const path = [...prefix, ...issue.path].map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${[...path, key].join('.')}: unknown key`).join('\n  ');
    }
    const where = path.length > 0 ? path.join('.') : '(root)';
    return `${where}: ${issue.message}`;
  });
}

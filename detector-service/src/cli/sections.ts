/**
 * Commands made of named sections run in turn (`eval`, `bench`): `--only` selection, and a loop
 * in which a failing section is reported as `{ error }` while the others still run.
 */
export interface Section<Context> {
  name: string;
  run(context: Context): Promise<unknown>;
  /** A readable rendering of the section's result, for output without --json. */
  render(result: unknown): string;
}

/** The names in `only` that are not sections. */
export function unknownSections<C>(sections: readonly Section<C>[], only: readonly string[] | undefined): string[] {
  return only?.filter((name) => !sections.some((s) => s.name === name)) ?? [];
}

export interface SectionRun {
  results: Record<string, unknown>;
  failed: number;
}

/**
 * Runs the selected sections in order into `results`. `onResult` sees each successful result
 * (to print it); progress goes to stderr when it is a terminal, prefixed with `command`.
 */
export async function runSections<C>(
  command: string,
  sections: readonly Section<C>[],
  only: readonly string[] | undefined,
  context: C,
  results: Record<string, unknown>,
  onResult: (section: Section<C>, result: unknown) => void,
): Promise<SectionRun> {
  let failed = 0;
  for (const section of sections) {
    if (only !== undefined && !only.includes(section.name)) continue;
    const started = Date.now();
    if (process.stderr.isTTY === true) process.stderr.write(`${command}: ${section.name}...\n`);
    try {
      results[section.name] = await section.run(context);
    } catch (err) {
      failed++;
      const message = err instanceof Error ? err.message : String(err);
      results[section.name] = { error: message };
      process.stderr.write(`anomalog ${command}: ${section.name} failed: ${message}\n`);
      continue;
    }
    if (process.stderr.isTTY === true) {
      process.stderr.write(`${command}: ${section.name} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    }
    onResult(section, results[section.name]);
  }
  return { results, failed };
}

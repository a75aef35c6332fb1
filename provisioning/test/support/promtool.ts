import { spawnSync } from 'node:child_process';

export interface ToolRun {
  status: number;
  output: string;
}

/** Finds a binary on PATH, or fails saying how to install it (npm test's pretest does). */
export function requireBinary(name: 'promtool' | 'prometheus'): string {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const file = found.stdout.trim();
  if (found.status !== 0 || file === '') {
    throw new Error(
      `${name} is not installed. The provisioning tests run Prometheus's own tools: ` +
        `install Debian's package with \`apt-get install -y prometheus\` (npm test's pretest does this).`,
    );
  }
  return file;
}

/** Runs promtool with arguments in a folder; returns its exit status and combined output. */
export function promtool(args: string[], cwd: string): ToolRun {
  const result = spawnSync(requireBinary('promtool'), args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

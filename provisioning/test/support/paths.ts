import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root (the npm workspaces root). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The provisioning/ folder. */
export const provisioningDir = path.join(repoRoot, 'provisioning');

/** Absolute path of a file given relative to the repository root. */
export function fromRoot(...segments: string[]): string {
  return path.join(repoRoot, ...segments);
}

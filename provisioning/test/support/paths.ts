import { fileURLToPath } from 'node:url';
import path from 'node:path';

// Plain path arithmetic: under the jsdom environment `new URL(...)` is jsdom's, which
// fileURLToPath does not accept.
const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository root (the npm workspaces root). */
export const repoRoot = path.resolve(here, '..', '..', '..');

/** The provisioning/ folder. */
export const provisioningDir = path.join(repoRoot, 'provisioning');

/** Absolute path of a file given relative to the repository root. */
export function fromRoot(...segments: string[]): string {
  return path.join(repoRoot, ...segments);
}

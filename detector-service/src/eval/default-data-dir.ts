import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared loghub folder beside the checkout (`../shared/data/loghub` from the repository root). */
export function defaultDataDir(): string {
  // This file is detector-service/{src,dist}/eval/default-data-dir.{ts,js}.
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  return resolve(repoRoot, '../shared/data/loghub');
}

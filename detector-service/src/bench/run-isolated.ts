import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs a bench entry module (a sibling .js file that prints one JSON object on stdout) in its own
 * Node process, so its peak RSS and CPU are its own. Its stderr (progress) passes through.
 * `nodeFlags` go to that Node process (before the module).
 */
export function runIsolated<T>(moduleFile: string, args: readonly string[] = [], nodeFlags: readonly string[] = []): Promise<T> {
  const path = fileURLToPath(new URL(moduleFile, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, path, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${moduleFile} exited with code ${String(code)}`));
      try {
        resolve(JSON.parse(out) as T);
      } catch (err) {
        reject(new Error(`${moduleFile} printed no JSON result: ${(err as Error).message}`));
      }
    });
  });
}

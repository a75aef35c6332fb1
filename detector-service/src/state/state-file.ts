/**
 * The learned state on disk, written atomically: the new state goes to a temporary file, is
 * fsynced, the current file gets `.prev` as a second name, and the temporary file is renamed over
 * it. A header line carries the payload's length and SHA-256 (of the payload bytes only), so a
 * torn or corrupted file is detected on load and never used: the previous state is loaded instead,
 * and the bad file is kept aside.
 */
import { createHash } from 'node:crypto';
import { copyFile, link, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonStream } from './json-stream.js';
import { parseJsonLazily } from './lazy-json-parse.js';

const FORMAT = 'anomalog-state';
const VERSION = 1;
export const STATE_FILE = 'state.json';

interface Header {
  format: string;
  version: number;
  bytes: number;
  sha256: string;
  savedAt: string;
}

export class StateFileError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'StateFileError';
  }
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the renames are still ordered.
  } finally {
    await handle.close();
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Room for the header's `bytes` field: 15 digits, up to 999 TB of payload. */
const LARGEST_PAYLOAD = 999_999_999_999_999;

function headerLine(header: Header, width: number): string {
  return JSON.stringify(header).padEnd(width, ' ') + '\n';
}

/**
 * Writes `state` (JSON-serialisable) as the new current state in `dir`. Returns its size in bytes.
 * The payload is streamed (see json-stream.ts) so a large state neither blocks the event loop nor
 * sits in memory as one string: its length and checksum are known only at the end, so the header
 * line is reserved at its widest and written last, padded with spaces (valid JSON whitespace, which
 * readers of the unpadded header accept too). `state` must not change until the returned promise
 * settles.
 */
export async function saveState(dir: string, state: unknown): Promise<number> {
  await mkdir(dir, { recursive: true });
  const savedAt = new Date().toISOString();
  const headerWidth = JSON.stringify({ format: FORMAT, version: VERSION, bytes: LARGEST_PAYLOAD, sha256: '0'.repeat(64), savedAt }).length;
  const current = join(dir, STATE_FILE);
  const temp = join(dir, `${STATE_FILE}.tmp-${process.pid}`);
  const handle = await open(temp, 'w', 0o600);
  const hash = createHash('sha256');
  let position = headerWidth + 1;
  let bytes = 0;
  try {
    await writeJsonStream(state, async (chunk) => {
      const data = Buffer.from(chunk, 'utf8');
      hash.update(data);
      bytes += data.length;
      // A short write (full disk) resolves with fewer bytes; keep writing the rest.
      for (let done = 0; done < data.length; ) {
        const { bytesWritten } = await handle.write(data, done, data.length - done, position);
        done += bytesWritten;
        position += bytesWritten;
      }
    });
    if (bytes > LARGEST_PAYLOAD) throw new Error(`state of ${bytes} bytes is too large to save`);
    const header: Header = { format: FORMAT, version: VERSION, bytes, sha256: hash.digest('hex'), savedAt };
    await handle.write(headerLine(header, headerWidth), 0, 'utf8');
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  if (await exists(current)) await keepAsPrevious(current, join(dir, `${STATE_FILE}.prev`));
  // Replaces the current file in one step: there is never a moment without one.
  await rename(temp, current);
  await fsyncDir(dir);
  return bytes;
}

/**
 * Makes `.prev` the current file's second name (a copy where the filesystem has no hard links),
 * leaving the current file in place until the new one replaces it.
 */
async function keepAsPrevious(current: string, previous: string): Promise<void> {
  await rm(previous, { force: true });
  try {
    await link(current, previous);
  } catch {
    await copyFile(current, previous);
  }
}

/**
 * How to parse a verified payload: arrays at these paths (keys from the top, e.g.
 * ['engine', 'miner', 'services']) come back as iterables parsed one item at a time (see
 * lazy-json-parse.ts), so a restore need not hold the whole parsed state beside what it builds.
 */
export interface ReadOptions {
  lazyArrays?: readonly (readonly string[])[];
}

/** Reads and verifies one state file; throws StateFileError when it is torn, corrupt or foreign. */
export async function readStateFile(path: string, options: ReadOptions = {}): Promise<{ state: unknown; savedAt: string }> {
  const data = await readFile(path);
  const newline = data.indexOf(0x0a);
  if (newline < 0) throw new StateFileError(path, 'no header line (truncated file?)');
  let header: Header;
  try {
    header = JSON.parse(data.subarray(0, newline).toString('utf8')) as Header;
  } catch {
    throw new StateFileError(path, 'unreadable header');
  }
  if (header.format !== FORMAT) throw new StateFileError(path, `not an Anomalog state file (format ${String(header.format)})`);
  if (header.version !== VERSION) throw new StateFileError(path, `unsupported state version ${header.version}`);
  const payload = data.subarray(newline + 1);
  if (payload.length !== header.bytes) {
    throw new StateFileError(path, `payload is ${payload.length} bytes, header says ${header.bytes} (torn write?)`);
  }
  if (sha256(payload) !== header.sha256) throw new StateFileError(path, 'checksum mismatch (corrupted file)');
  const lazy = options.lazyArrays ?? [];
  const state = lazy.length > 0 ? parseJsonLazily(payload, lazy) : (JSON.parse(payload.toString('utf8')) as unknown);
  return { state, savedAt: header.savedAt };
}

export interface LoadOutcome {
  state: unknown;
  /** The file that was loaded, undefined when starting empty. */
  from: string | undefined;
  savedAt?: string;
  /** Files that existed but could not be used, with why. */
  rejected: { path: string; reason: string }[];
}

/**
 * Loads the current state, falling back to the previous one. A rejected file is renamed to
 * `<name>.corrupt-<time>` so the next save cannot overwrite the evidence.
 */
export async function loadState(dir: string, options: ReadOptions = {}): Promise<LoadOutcome> {
  const rejected: LoadOutcome['rejected'] = [];
  // A save cut short (kill -9, power loss) leaves only its temporary file, never a torn state.json.
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) if (name.startsWith(`${STATE_FILE}.tmp-`)) await rm(join(dir, name), { force: true });
  for (const name of [STATE_FILE, `${STATE_FILE}.prev`]) {
    const path = join(dir, name);
    if (!(await exists(path))) continue;
    try {
      const { state, savedAt } = await readStateFile(path, options);
      return { state, from: path, savedAt, rejected };
    } catch (err) {
      const reason = err instanceof StateFileError ? err.message : `${path}: ${(err as Error).message}`;
      rejected.push({ path, reason });
      await rename(path, `${path}.corrupt-${Date.now()}`).catch(() => undefined);
    }
  }
  return { state: undefined, from: undefined, rejected };
}

import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';

/**
 * An append-only file rotated by size: past `maxBytes` the file becomes path.1, path.1 becomes
 * path.2 and so on; only `keep` rotated files are kept. A path that is not a regular file (a
 * device such as /dev/null, a FIFO) is written to as it is and never renamed or removed.
 */
export class RotatingFile {
  private handle: FileHandle | undefined;
  private size = 0;
  private regularFile = true;

  constructor(
    readonly path: string,
    private readonly maxBytes: number,
    private readonly keep: number,
  ) {}

  private async ensureOpen(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    this.handle = await open(this.path, 'a');
    const info = await this.handle.stat();
    this.regularFile = info.isFile();
    this.size = info.size;
    return this.handle;
  }

  private async rotate(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
    if (this.keep === 0) {
      await rm(this.path, { force: true });
    } else {
      await rm(`${this.path}.${this.keep}`, { force: true });
      for (let i = this.keep - 1; i >= 1; i--) {
        if (await exists(`${this.path}.${i}`)) await rename(`${this.path}.${i}`, `${this.path}.${i + 1}`);
      }
      await rename(this.path, `${this.path}.1`);
    }
  }

  /** Appends `data` (encoded once by the caller: measuring a string and writing it would encode it twice). */
  async write(data: Buffer): Promise<void> {
    let handle = await this.ensureOpen();
    if (this.regularFile && this.size > 0 && this.size + data.length > this.maxBytes) {
      await this.rotate();
      handle = await this.ensureOpen();
    }
    await handle.write(data);
    this.size += data.length;
  }

  async close(): Promise<void> {
    await this.handle?.sync().catch(() => undefined);
    await this.handle?.close();
    this.handle = undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

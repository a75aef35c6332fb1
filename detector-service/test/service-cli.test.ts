/**
 * `anomalog serve` as a process: the embedded default plus flags/env, enriched JSONL on stdout and
 * the service's own pino logs on stderr (never mixed), SIGTERM drains and saves state, and a bad
 * configuration is refused with the key named.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SERVICE_NODE_FLAGS } from '../src/service/node-flags.js';

const MAIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

function run(args: string[], env: Record<string, string> = {}, nodeFlags: readonly string[] = []) {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
  const child = spawn(process.execPath, [...nodeFlags, MAIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (c: Buffer) => (out.stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out.stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out, exited };
}

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('anomalog serve as a process', () => {
  it('serves, writes records to stdout and logs to stderr, and on SIGTERM drains, saves state and exits 0', async () => {
    const stateDir = join(mkdtempSync(join(tmpdir(), 'anomalog-cli-')), 'state');
    const { child, out, exited } = run(
      ['serve', '--grpc-endpoint', '127.0.0.1:0', '--http-endpoint', '127.0.0.1:0', '--admin-endpoint', '127.0.0.1:0'],
      { ANOMALOG_STATE_DIR: stateDir },
      SERVICE_NODE_FLAGS, // as `npm start` and the image start it
    );
    await until(() => out.stderr.includes('anomalog is ready'), 'ready');
    const ready = out.stderr.split('\n').map((l) => (l ? (JSON.parse(l) as Record<string, { port: number }>) : {})).find((l) => 'http' in l)!;
    expect((ready as unknown as { gc: string }).gc).toBe('single-threaded');
    const body = JSON.stringify({
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cli-demo' } }] },
          scopeLogs: [{ logRecords: [1, 2, 3].map((i) => ({ timeUnixNano: String(1_795_000_000_000_000_000n + BigInt(i)), body: { stringValue: `job ${i} finished` }, severityNumber: 9 })) }],
        },
      ],
    });
    const res = await fetch(`http://127.0.0.1:${ready.http.port}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${ready.admin.port}/readyz`)).status).toBe(200);
    await until(() => out.stdout.split('\n').filter(Boolean).length === 3, 'three records on stdout');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const records = out.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { service: string; attributes: Record<string, unknown> });
    expect(records.every((r) => r.service === 'cli-demo' && typeof r.attributes['anomalog.score'] === 'number')).toBe(true);
    const logs = out.stderr.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string });
    expect(logs.map((l) => l.msg)).toContain('anomalog stopped');
    expect(existsSync(join(stateDir, 'state.json'))).toBe(true);
  });

  it('refuses a bad configuration, naming the key, with exit code 2', async () => {
    const { out, exited } = run(['serve', '--set', 'admin.endpoint=nowhere', '--check-config'], { ANOMALOG_RECEIVERS__GRPC__MAX_MESSAGE_SIZE_MIB: 'big' });
    expect(await exited).toBe(2);
    expect(out.stderr).toMatch(/admin\.endpoint: expected host:port/);
    expect(out.stderr).toMatch(/receivers\.grpc\.maxMessageSizeMiB: /);
  });

  it('prints the validated configuration with secrets masked', async () => {
    const { out, exited } = run(['serve', '--check-config'], { ANOMALOG_AUTH_TOKEN: 'hunter2' });
    expect(await exited).toBe(0);
    expect(out.stdout).toContain('endpoint: 0.0.0.0:4317');
    expect(out.stdout).toContain('bearerToken: "***"');
    expect(out.stdout).not.toContain('hunter2');
  });
});

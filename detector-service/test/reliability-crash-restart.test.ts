/**
 * kill -9 of the real `anomalog serve` process while it takes load and snapshots its state every
 * 200 ms (so a kill often lands in the middle of a save): each restart on the same state directory
 * loads a whole snapshot (state.json, or state.json.prev), never rejects a torn file, never takes
 * a temporary file for state, and the templates learned before the last snapshot are back.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServeProcess } from '../src/bench/serve-process.js';
import { readStateFile } from '../src/state/state-file.js';
import { grpcExport, idRequest, protobuf, sleep, startServe, until } from './reliability-helpers.js';

const KILLS = 3;

let service: ServeProcess | undefined;
afterEach(async () => {
  await service?.kill9();
  service = undefined;
});

interface Status {
  templates: number;
  state: { saves: number } | null;
}

async function status(s: ServeProcess): Promise<Status> {
  return (await (await fetch(`${s.admin}/api/v1/status`)).json()) as Status;
}

async function templateIds(s: ServeProcess, service: string): Promise<string[]> {
  const body = (await (await fetch(`${s.admin}/api/v1/templates?service=${service}&limit=100000`)).json()) as {
    services: { templates: { id: string }[] }[];
  };
  return (body.services[0]?.templates ?? []).map((t) => t.id).sort();
}

/** Message kinds of their own per batch `tag`, so each phase of the test teaches new templates. */
const kindsOf =
  (tag: string) =>
  (i: number): string =>
    `${tag} stage ${['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'][i % 8]} ${['opened', 'closed', 'moved', 'merged', 'split'][Math.floor(i / 8) % 5]} after ${i} ms`;

const DIRECTIONS = ['north', 'south', 'east', 'west', 'up', 'down', 'left', 'right', 'inward', 'outward'];
const KILL_TAGS = ['kilo', 'lima', 'mike', 'november'];

/** Sends batches until `stop()` is called or the service goes away. */
function loadUntilStopped(s: ServeProcess, tag: string): { stop(): Promise<void> } {
  let stopped = false;
  const client = new grpc.Client(`127.0.0.1:${s.grpcPort}`, grpc.credentials.createInsecure());
  const loop = (async () => {
    for (let n = 0; !stopped; n++) {
      const { data } = idRequest(`${tag}-${n}`, 500, 5, kindsOf(`${tag} ${DIRECTIONS[n % DIRECTIONS.length]}`));
      const answer = await grpcExport(client, protobuf(data));
      if (answer.code !== grpc.status.OK) await sleep(50);
    }
  })();
  return {
    async stop() {
      stopped = true;
      client.close();
      await loop;
    },
  };
}

describe('crash and restart of anomalog serve', () => {
  it('after kill -9 during load and saves, restarts from a whole snapshot with the learned templates', async () => {
    const stateDir = join(mkdtempSync(join(tmpdir(), 'anomalog-crash-')), 'state');
    const sets = ['state.intervalSeconds=0.2', `state.dir=${stateDir}`, 'exporters.jsonl.path=/dev/null'];
    service = await startServe({ sets });

    // Phase 1: teach templates, and wait until a snapshot taken after them has been written.
    const { data } = idRequest('learn', 400, 1, kindsOf('learned'));
    const client = new grpc.Client(`127.0.0.1:${service.grpcPort}`, grpc.credentials.createInsecure());
    expect((await grpcExport(client, protobuf(data))).code).toBe(grpc.status.OK);
    client.close();
    const learned = await templateIds(service, 'reliability-0');
    expect(learned.length).toBeGreaterThan(0);
    // The engine's own count: the miner may fold several learned ids into one template.
    const { templates: learnedTemplates, state } = await status(service);
    const savesBefore = state!.saves;
    await until(async () => (await status(service!)).state!.saves >= savesBefore + 2, 'two snapshots after learning');

    for (let kill = 0; kill < KILLS; kill++) {
      // Load with new kinds (so every snapshot differs and takes a while), then kill -9 mid-way.
      const load = loadUntilStopped(service, KILL_TAGS[kill]);
      await sleep(700 + kill * 230);
      const killedPid = service.pid;
      await service.kill9();
      await load.stop();
      const files = readdirSync(stateDir);
      expect(files.some((f) => f === 'state.json' || f === 'state.json.prev')).toBe(true);
      // Whatever the kill interrupted, the state files are whole (length and checksum verified).
      for (const name of ['state.json', 'state.json.prev'].filter((f) => files.includes(f))) {
        await expect(readStateFile(join(stateDir, name))).resolves.toBeDefined();
      }

      service = await startServe({ sets });
      const logs = service.stderr();
      // Restored from a whole file, and nothing was rejected as torn or corrupt.
      expect(logs).toMatch(/"msg":"state restored"/);
      expect(logs).toMatch(/"path":"[^"]*\/state\.json(\.prev)?"/);
      expect(logs).not.toMatch(/state file rejected|no usable state|refused the saved state/);
      expect(readdirSync(stateDir).filter((f) => f.includes('.corrupt-'))).toEqual([]);
      // The killed process's temporary file is not state: it is cleared away at load.
      expect(existsSync(join(stateDir, `state.json.tmp-${killedPid}`))).toBe(false);
      // What was learned before the last snapshot is back, ids and all.
      const restored = await templateIds(service, 'reliability-0');
      expect(restored).toEqual(expect.arrayContaining(learned));
      expect((await status(service)).templates).toBeGreaterThanOrEqual(learnedTemplates);
    }
  });
});

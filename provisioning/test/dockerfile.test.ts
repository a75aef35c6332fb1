import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../detector-service/src/config/load.js';
import { SERVICE_NODE_FLAGS } from '../../detector-service/src/service/node-flags.js';
import { readCompose, hostPathFor } from './support/compose.js';
import { contractPorts } from './support/contracts.js';
import { dockerfileInstructions, dockerIgnored, execForm } from './support/dockerfile.js';
import { fromRoot } from './support/paths.js';

// There is no Docker engine to build the image here: these checks hold the Dockerfile to what
// the rest of the repository says (paths, ports, the CLI, the build context).
const instructions = dockerfileInstructions();
const of = (keyword: string) => instructions.filter((i) => i.keyword === keyword);
const stages = of('FROM');
const runtimeStart = stages[stages.length - 1].line;
const runtime = instructions.filter((i) => i.line >= runtimeStart);

/** COPY sources from the build context (not --from=stage), as repository paths. */
function contextSources(): string[] {
  return of('COPY')
    .filter((c) => !c.args.startsWith('--from'))
    .flatMap((c) => {
      const parts = c.args.split(/\s+/).filter((p) => !p.startsWith('--'));
      return parts.slice(0, -1);
    });
}

describe('Dockerfile', () => {
  it('builds in stages from Node.js 20', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const nodeImage = of('ARG').find((a) => a.args.startsWith('NODE_IMAGE='))?.args.split('=')[1];
    for (const stage of stages) {
      const image = stage.args.split(/\s+/)[0].replace('${NODE_IMAGE}', String(nodeImage));
      expect(image, `stage at line ${stage.line}`).toMatch(/^node:20[.-]/);
    }
  });

  it('copies only files that exist and that .dockerignore lets into the context', () => {
    const sources = contextSources();
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      const relative = source.replace(/\/$/, '');
      expect(existsSync(fromRoot(relative)), `COPY ${source}: not in the repository`).toBe(true);
      expect(dockerIgnored(relative), `COPY ${source}: excluded by .dockerignore`).toBe(false);
    }
    // What must stay out of the context.
    for (const excluded of ['node_modules', 'detector-service/dist', 'grafana-panel/src', '.git']) {
      expect(dockerIgnored(excluded), `${excluded} should be ignored`).toBe(true);
    }
  });

  it('runs as an unprivileged user', () => {
    const users = runtime.filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).not.toMatch(/^(root|0)(:|$)/);
  });

  it('exposes the contract ports', () => {
    const exposed = of('EXPOSE').flatMap((e) => e.args.split(/\s+/).map(Number));
    expect(exposed.sort()).toEqual([...contractPorts().keys()].sort());
  });

  it('starts `anomalog serve --config /etc/anomalog/anomalog.yaml` from the built CLI, with the service\'s V8 flags', () => {
    const entrypoint = execForm(of('ENTRYPOINT').at(-1)?.args ?? '[]');
    const cmd = execForm(of('CMD').at(-1)?.args ?? '[]');
    const workdir = runtime.filter((i) => i.keyword === 'WORKDIR').at(-1)?.args ?? '/';
    expect([...entrypoint, ...cmd]).toEqual([
      'node',
      ...SERVICE_NODE_FLAGS,
      `${workdir}/detector-service/dist/cli/main.js`,
      'serve',
      '--config',
      '/etc/anomalog/anomalog.yaml',
    ]);
    // The CLI the image runs is what `tsc -b` builds (npm test builds before it tests).
    expect(existsSync(fromRoot('detector-service', 'dist', 'cli', 'main.js')), 'run `npm run build` first').toBe(true);
  });

  it('bakes in a configuration the service accepts, at the path the command reads', () => {
    const copy = runtime.find((i) => i.keyword === 'COPY' && i.args.endsWith(' /etc/anomalog/anomalog.yaml'));
    expect(copy).toBeDefined();
    const source = fromRoot(String(copy?.args.split(/\s+/)[0]));
    const config = loadConfig({ configFile: source, env: {} });
    expect(config.state.dir).toBe('/var/lib/anomalog/state');
    expect(runtime.some((i) => i.keyword === 'RUN' && i.args.includes(config.state.dir))).toBe(true);
    // docker-compose.yml mounts its own file over it.
    const anomalog = readCompose().services.get('anomalog');
    expect(anomalog && hostPathFor(anomalog, '/etc/anomalog/anomalog.yaml')).toBe(
      path.join(fromRoot('provisioning'), 'anomalog', 'anomalog.yaml'),
    );
  });

  it('ships the embedded default configuration the service reads at run time', () => {
    const copied = runtime.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copied).toContain('detector-service/src/config/default.yaml detector-service/src/config/default.yaml');
  });

  it('checks its health on /healthz of the admin port', () => {
    const health = of('HEALTHCHECK').at(-1)?.args ?? '';
    const admin = loadConfig({ env: {} }).admin.endpoint.split(':').pop();
    expect(health).toContain(`http://127.0.0.1:${admin}/healthz`);
  });
});

import path from 'node:path';
import { fromRoot, repoRoot } from './paths.js';
import { asArray, asRecord, readYaml } from './yaml-file.js';

export interface ComposeMount {
  /** Absolute path in the repository for a bind mount, undefined for a named volume. */
  hostPath?: string;
  volume?: string;
  target: string;
}

export interface ComposeService {
  name: string;
  image?: string;
  build?: unknown;
  command: string[];
  environment: Record<string, string>;
  mounts: ComposeMount[];
  /** Published ports as host → container. */
  ports: Array<{ host: number; container: number }>;
  dependsOn: string[];
}

export interface ComposeFile {
  services: Map<string, ComposeService>;
  volumes: string[];
}

function parseMount(spec: string, service: string): ComposeMount {
  const [source, target] = spec.split(':');
  if (target === undefined) throw new Error(`${service}: volume ${spec} has no target`);
  if (source.startsWith('.') || source.startsWith('/')) return { hostPath: path.resolve(repoRoot, source), target };
  return { volume: source, target };
}

function parsePort(spec: string, service: string): { host: number; container: number } {
  const match = /^(?:[\d.]+:)?(\d+):(\d+)(?:\/tcp)?$/.exec(spec);
  if (!match) throw new Error(`${service}: port ${spec} is not host:container`);
  return { host: Number(match[1]), container: Number(match[2]) };
}

export function readCompose(): ComposeFile {
  const file = fromRoot('docker-compose.yml');
  const doc = asRecord(readYaml(file), file);
  const services = new Map<string, ComposeService>();
  for (const [name, value] of Object.entries(asRecord(doc.services, `${file}: services`))) {
    const svc = asRecord(value, `${file}: ${name}`);
    const environment = Object.fromEntries(
      Object.entries(asRecord(svc.environment ?? {}, `${name}.environment`)).map(([k, v]) => [k, String(v)]),
    );
    const command = svc.command === undefined ? [] : asArray(svc.command, `${name}.command`).map(String);
    const dependsOn = Array.isArray(svc.depends_on)
      ? svc.depends_on.map(String)
      : Object.keys(asRecord(svc.depends_on ?? {}, `${name}.depends_on`));
    services.set(name, {
      name,
      image: svc.image === undefined ? undefined : String(svc.image),
      build: svc.build,
      command,
      environment,
      mounts: asArray(svc.volumes ?? [], `${name}.volumes`).map((v) => parseMount(String(v), name)),
      ports: asArray(svc.ports ?? [], `${name}.ports`).map((p) => parsePort(String(p), name)),
      dependsOn,
    });
  }
  return { services, volumes: Object.keys(asRecord(doc.volumes ?? {}, `${file}: volumes`)) };
}

/** The repository path bind-mounted at `target` (or at a folder above it) in a service. */
export function hostPathFor(service: ComposeService, target: string): string | undefined {
  for (const mount of service.mounts) {
    if (!mount.hostPath) continue;
    if (target === mount.target) return mount.hostPath;
    if (target.startsWith(`${mount.target}/`)) return path.join(mount.hostPath, target.slice(mount.target.length + 1));
  }
  return undefined;
}

/** Splits `host:port` or a URL into host and port. */
export function hostAndPort(address: string): { host: string; port: number } {
  const url = /^[a-z]+:\/\//.test(address) ? new globalThis.URL(address) : new globalThis.URL(`tcp://${address}`);
  const fallback = url.protocol === 'https:' ? 443 : 80;
  return { host: url.hostname, port: url.port === '' ? fallback : Number(url.port) };
}

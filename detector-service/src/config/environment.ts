/**
 * ANOMALOG_* environment variables. `ANOMALOG_ADMIN__ENDPOINT=127.0.0.1:9464` sets admin.endpoint:
 * `__` separates levels, and each level matches an existing key ignoring case and underscores
 * (so MAX_MESSAGE_SIZE_MIB finds maxMessageSizeMiB). A few short aliases cover common settings.
 */
import { parse as parseYaml } from 'yaml';
import { isPlainObject, setPath, type ConfigTree } from './merge.js';

const PREFIX = 'ANOMALOG_';

/** Short names for the settings most often given by environment. */
export const ENV_ALIASES: Record<string, string[][]> = {
  ANOMALOG_LOG_LEVEL: [['log', 'level']],
  ANOMALOG_STATE_DIR: [['state', 'dir']],
  /** One bearer token for every listener. */
  ANOMALOG_AUTH_TOKEN: [
    ['receivers', 'grpc', 'auth', 'bearerToken'],
    ['receivers', 'http', 'auth', 'bearerToken'],
    ['admin', 'auth', 'bearerToken'],
  ],
};

/**
 * Variables read by the command line itself, not configuration keys; and the scoring thread's
 * crash drill for the reliability tests (pipeline/scoring-thread.ts).
 */
const NOT_KEYS = new Set(['ANOMALOG_CONFIG', 'ANOMALOG_TEST_SCORING_CRASH_ON']);

function squash(name: string): string {
  return name.replace(/[_-]/g, '').toLowerCase();
}

function camel(segment: string): string {
  return segment.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Scalars as YAML reads them (numbers, booleans), anything else as the raw string. */
export function parseScalar(text: string): unknown {
  try {
    const value: unknown = parseYaml(text);
    if (typeof value === 'number' || typeof value === 'boolean' || Array.isArray(value) || isPlainObject(value)) {
      return value;
    }
  } catch {
    // Not YAML: the raw text is the value.
  }
  return text;
}

function resolvePath(tree: ConfigTree, segments: string[]): string[] {
  const path: string[] = [];
  let node: unknown = tree;
  for (const segment of segments) {
    const wanted = squash(segment);
    const existing = isPlainObject(node) ? Object.keys(node).find((k) => squash(k) === wanted) : undefined;
    const key = existing ?? camel(segment);
    path.push(key);
    node = isPlainObject(node) ? node[key] : undefined;
  }
  return path;
}

/**
 * Applies ANOMALOG_* variables to `tree` in place. The prefix is shared with other tools (e.g.
 * ANOMALOG_ALERT_WEBHOOK_URL for Grafana), so a variable whose first level is no configuration
 * section is left alone and returned, for a warning; below a known section, a wrong name is an
 * error like any bad key.
 */
export function applyEnvironment(tree: ConfigTree, env: NodeJS.ProcessEnv): string[] {
  const ignored: string[] = [];
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(PREFIX) || raw === undefined || NOT_KEYS.has(name)) continue;
    const value = parseScalar(raw);
    const aliasPaths = ENV_ALIASES[name];
    if (aliasPaths) {
      // Tokens and secrets stay strings even when they look like numbers.
      for (const path of aliasPaths) setPath(tree, path, name === 'ANOMALOG_AUTH_TOKEN' ? raw : value);
      continue;
    }
    const segments = name.slice(PREFIX.length).split('__').filter((s) => s.length > 0);
    if (segments.length === 0) continue;
    const path = resolvePath(tree, segments);
    if (!(path[0] in tree)) {
      ignored.push(name);
      continue;
    }
    const last = path[path.length - 1];
    const keepString = /token|password|tenant/i.test(last);
    setPath(tree, path, keepString ? raw : value);
  }
  return ignored.sort();
}

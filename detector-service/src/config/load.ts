/**
 * Configuration assembly, lowest precedence first: the embedded default.yaml, the --config file,
 * ANOMALOG_* environment variables, then command-line flags. The result is validated once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { describeIssues, ConfigError } from './errors.js';
import { applyEnvironment, parseScalar } from './environment.js';
import { isPlainObject, mergeConfig, setPath, type ConfigTree } from './merge.js';
import {
  EXPORTER_SCHEMAS,
  serviceConfigSchema,
  type ExporterConfig,
  type ExporterType,
  type ServiceConfig,
} from './schema.js';

/** default.yaml sits beside this module in src/; the build output finds it back in src/. */
const DEFAULT_CANDIDATES = ['./default.yaml', '../../src/config/default.yaml'];

export function defaultConfigText(): string {
  for (const candidate of DEFAULT_CANDIDATES) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return readFileSync(path, 'utf8');
  }
  throw new Error('the embedded default configuration (config/default.yaml) is missing from this installation');
}

export interface ConfigSources {
  /** Path of a YAML file merged over the defaults. */
  configFile?: string;
  env?: NodeJS.ProcessEnv;
  /** `path.to.key=value` assignments (from --set and the named flags). */
  sets?: string[];
}

function parseYamlTree(text: string, origin: string): ConfigTree {
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (err) {
    throw new ConfigError([`${origin}: not valid YAML: ${(err as Error).message}`]);
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isPlainObject(parsed)) throw new ConfigError([`${origin}: the top level must be a mapping`]);
  return parsed;
}

function applySets(tree: ConfigTree, sets: readonly string[]): void {
  for (const assignment of sets) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new ConfigError([`--set ${assignment}: expected path.to.key=value`]);
    const path = assignment.slice(0, eq).split('.');
    setPath(tree, path, parseScalar(assignment.slice(eq + 1)));
  }
}

function exporterType(name: string): string {
  const slash = name.indexOf('/');
  return slash < 0 ? name : name.slice(0, slash);
}

function validateExporters(raw: Record<string, Record<string, unknown> | null>, problems: string[]): ExporterConfig[] {
  const out: ExporterConfig[] = [];
  for (const [name, settings] of Object.entries(raw)) {
    const type = exporterType(name);
    if (!(type in EXPORTER_SCHEMAS)) {
      problems.push(
        `exporters.${name}: unknown exporter type '${type}' (expected one of ${Object.keys(EXPORTER_SCHEMAS).join(', ')}, optionally followed by /name)`,
      );
      continue;
    }
    const schema = EXPORTER_SCHEMAS[type as ExporterType];
    const result = schema.safeParse(settings ?? {});
    if (!result.success) {
      problems.push(...describeIssues(result.error.issues, ['exporters', name]));
      continue;
    }
    out.push({ type, name, config: result.data } as ExporterConfig);
  }
  return out;
}

/** Merges, validates and returns the configuration, or throws a ConfigError naming every bad key. */
export function loadConfig(sources: ConfigSources = {}): ServiceConfig {
  return loadConfigWithNotes(sources).config;
}

/** As loadConfig, also naming the ANOMALOG_* variables that matched no configuration section. */
export function loadConfigWithNotes(sources: ConfigSources = {}): { config: ServiceConfig; ignoredEnv: string[] } {
  let tree = parseYamlTree(defaultConfigText(), 'default.yaml');
  if (sources.configFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(sources.configFile, 'utf8');
    } catch (err) {
      throw new ConfigError([`--config ${sources.configFile}: ${(err as Error).message}`]);
    }
    tree = mergeConfig(tree, parseYamlTree(text, sources.configFile), ['exporters']);
  }
  const ignoredEnv = applyEnvironment(tree, sources.env ?? {});
  applySets(tree, sources.sets ?? []);

  const result = serviceConfigSchema.safeParse(tree);
  if (!result.success) throw new ConfigError(describeIssues(result.error.issues));
  const problems: string[] = [];
  const exporters = validateExporters(result.data.exporters, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { config: { ...result.data, exporters }, ignoredEnv };
}

/**
 * What Grafana requires of a panel plugin's plugin.json, as a JSON schema of our own, written from
 * Grafana's public plugin.json reference (grafana.com/developers/plugin-tools/reference/plugin-json):
 * `id`, `type`, `name`, `info` and `dependencies` are required; `info` needs `keywords`, `logos`
 * (small and large), `version` and `updated`; `dependencies` needs `grafanaDependency`; ids of
 * plugins published on grafana.com follow `<org>-<name>-<type>`, lowercase letters and digits.
 * It is narrower than Grafana's own schema on purpose: it covers panel plugins only, and also asks
 * for what the plugins page and the catalogue show (author name, description).
 */
import { Ajv, type SchemaObject } from 'ajv';

/** `<org>-panel` or `<org>-<name>-panel`, lowercase letters and digits only. */
const PANEL_ID = '^[a-z0-9]+(-[a-z0-9]+)?-panel$';

/** Semantic version `major.minor.patch`, with optional pre-release and build parts. */
const SEMVER = '^[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$';

/**
 * A version range as Grafana evaluates `grafanaDependency` (Go semver constraints): comparators
 * such as `>=10.4.0`, `^11`, `~10.4.x` or `<12`, joined by spaces or commas (all must hold), or a
 * hyphen range `10.4 - 11.2`; alternatives separated by `||`.
 */
const VERSION = 'v?[0-9]+(\\.([0-9]+|[xX*])){0,2}(-[0-9A-Za-z.-]+)?';
const COMPARATOR = `(>=|<=|=<|!=|~>|>|<|=|~|\\^)?\\s*${VERSION}`;
const COMPARATOR_SET = `(${VERSION}\\s+-\\s+${VERSION}|${COMPARATOR}((\\s*,\\s*|\\s+)${COMPARATOR})*)`;
const VERSION_RANGE = `^\\s*${COMPARATOR_SET}(\\s*\\|\\|\\s*${COMPARATOR_SET})*\\s*$`;

/** A path inside the plugin directory: relative, no `..` segment, no spaces or backslashes. */
const INSIDE_PLUGIN_DIR = '^(?!/)(?!(.*/)?\\.\\.(/|$))[A-Za-z0-9_./-]+$';

const nonEmptyText = { type: 'string', minLength: 1, pattern: '\\S' } as const;

function pathInPluginDir(extensions: string[]): SchemaObject {
  return {
    type: 'string',
    allOf: [
      { pattern: INSIDE_PLUGIN_DIR, description: 'a relative path inside the plugin directory' },
      { pattern: `\\.(${extensions.join('|')})$`, description: `a .${extensions.join(', .')} file` },
    ],
  };
}

export const panelPluginSchema: SchemaObject = {
  type: 'object',
  required: ['type', 'id', 'name', 'info', 'dependencies'],
  // Only keys Grafana's reference documents for a panel; a misspelt key is an error, not ignored.
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', format: 'uri' },
    type: { const: 'panel' },
    id: { type: 'string', pattern: PANEL_ID, description: 'a panel id: <org>-<name>-panel in lowercase letters and digits' },
    name: nonEmptyText,
    state: { enum: ['alpha', 'beta', 'stable', 'deprecated'] },
    skipDataQuery: { type: 'boolean' },
    hideFromList: { type: 'boolean' },
    info: {
      type: 'object',
      required: ['author', 'description', 'keywords', 'logos', 'version', 'updated'],
      additionalProperties: false,
      properties: {
        author: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: nonEmptyText, email: { type: 'string', format: 'email' }, url: { type: 'string', format: 'uri' } },
        },
        description: nonEmptyText,
        keywords: { type: 'array', minItems: 1, uniqueItems: true, items: nonEmptyText },
        logos: {
          type: 'object',
          required: ['small', 'large'],
          additionalProperties: false,
          properties: { small: pathInPluginDir(['svg', 'png']), large: pathInPluginDir(['svg', 'png']) },
        },
        links: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'url'],
            additionalProperties: false,
            properties: { name: nonEmptyText, url: { type: 'string', format: 'uri' } },
          },
        },
        screenshots: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'path'],
            additionalProperties: false,
            properties: { name: nonEmptyText, path: pathInPluginDir(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp']) },
          },
        },
        version: { type: 'string', pattern: SEMVER, description: 'a semantic version such as 1.2.3' },
        updated: { type: 'string', format: 'date' },
      },
    },
    dependencies: {
      type: 'object',
      required: ['grafanaDependency'],
      additionalProperties: false,
      properties: {
        grafanaDependency: { type: 'string', pattern: VERSION_RANGE, description: 'a version range such as >=10.4.0' },
        plugins: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'type', 'name'],
            properties: { id: nonEmptyText, type: { enum: ['app', 'datasource', 'panel'] }, name: nonEmptyText },
          },
        },
      },
    },
  },
};

/** Checks a parsed plugin.json; returns one `<path> <problem>` line per violation, none when valid. */
export function panelPluginJsonErrors(pluginJson: unknown): string[] {
  const validate = compiled ?? (compiled = compile());
  if (validate(pluginJson)) {
    return [];
  }
  return (validate.errors ?? []).map((e) => {
    // The patterns are long; their description says what was expected in words.
    const expected = e.keyword === 'pattern' ? (e.parentSchema as { description?: string } | undefined)?.description : undefined;
    const unknownKey = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty?: string }).additionalProperty : undefined;
    const problem = expected ? `must be ${expected}` : unknownKey ? `has a key Grafana does not define: ${unknownKey}` : (e.message ?? 'is invalid');
    return `${e.instancePath || '/'} ${problem}`;
  });
}

let compiled: ReturnType<typeof compile> | undefined;

function compile() {
  const ajv = new Ajv({ allErrors: true, verbose: true });
  // Links open in a browser, so a URL is what the WHATWG parser accepts with an http(s) scheme.
  ajv.addFormat('uri', (value: string) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol));
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
  // A real calendar day written YYYY-MM-DD (2026-02-30 is refused).
  ajv.addFormat('date', (value: string) => {
    const time = Date.parse(`${value}T00:00:00Z`);
    return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
  });
  return ajv.compile(panelPluginSchema);
}

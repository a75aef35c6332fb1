/** Deep merge of plain configuration objects: objects merge key by key, anything else replaces. */
export type ConfigTree = Record<string, unknown>;

export function isPlainObject(value: unknown): value is ConfigTree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Merges `over` into a copy of `base`. Keys listed in `replaceWhole` (top-level) replace instead of
 * merging: a user's `exporters` map is the list of exporters they want, not an addition.
 */
export function mergeConfig(base: ConfigTree, over: ConfigTree, replaceWhole: readonly string[] = []): ConfigTree {
  const out: ConfigTree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    if (!replaceWhole.includes(key) && isPlainObject(current) && isPlainObject(value)) {
      out[key] = mergeConfig(current, value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Sets a dotted path (e.g. `exporters.loki.endpoint`) in a tree, creating objects on the way. */
export function setPath(tree: ConfigTree, path: readonly string[], value: unknown): void {
  let node = tree;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    const next = node[key];
    if (isPlainObject(next)) {
      node = next;
    } else {
      const created: ConfigTree = {};
      node[key] = created;
      node = created;
    }
  }
  node[path[path.length - 1]] = value;
}

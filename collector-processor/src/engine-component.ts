import { RecordAttributes } from './normalize/index.js';

/**
 * The record's source within its service, for per-source severity habits: the logger or
 * component named by a raw-line header or by the record's attributes, else the instrumentation
 * scope, else '' (the service as a whole).
 */
const COMPONENT_KEYS = ['component', 'logger', 'log.logger', 'logger.name', 'logger_name', 'code.namespace', 'otel.scope.name'];
/** Each component key's rank in COMPONENT_KEYS (the first present wins). */
const COMPONENT_RANK = new Map(COMPONENT_KEYS.map((key, rank) => [key, rank]));

export function componentOf(attributes: ReadonlyMap<string, string | number | boolean>): string {
  if (attributes.size === 0) return '';
  if (attributes instanceof RecordAttributes) return scannedComponent(attributes);
  for (let i = 0; i < COMPONENT_KEYS.length; i++) {
    const v = attributes.get(COMPONENT_KEYS[i]);
    if (v !== undefined) return typeof v === 'string' ? v : String(v);
  }
  return '';
}

/** componentOf in one pass over the record's few attributes (one lookup each, not one scan per key). */
function scannedComponent(attributes: RecordAttributes): string {
  let best = COMPONENT_KEYS.length;
  let at = -1;
  for (let i = 0; i < attributes.size; i++) {
    const rank = COMPONENT_RANK.get(attributes.keyAt(i));
    if (rank !== undefined && rank < best) {
      best = rank;
      at = i;
    }
  }
  if (at < 0) return '';
  const v = attributes.valueAt(at);
  return typeof v === 'string' ? v : String(v);
}

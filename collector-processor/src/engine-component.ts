/**
 * The record's source within its service, for per-source severity habits: the logger or
 * component named by a raw-line header or by the record's attributes, else the instrumentation
 * scope, else '' (the service as a whole).
 */
const COMPONENT_KEYS = ['component', 'logger', 'log.logger', 'logger.name', 'logger_name', 'code.namespace', 'otel.scope.name'];

export function componentOf(attributes: ReadonlyMap<string, string | number | boolean>): string {
  if (attributes.size === 0) return '';
  for (let i = 0; i < COMPONENT_KEYS.length; i++) {
    const v = attributes.get(COMPONENT_KEYS[i]);
    if (v !== undefined) return typeof v === 'string' ? v : String(v);
  }
  return '';
}

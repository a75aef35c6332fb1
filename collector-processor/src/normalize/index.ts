export { normalizeRecord, normalizeServiceRecord, serviceName, nanosToMs, UNKNOWN_SERVICE } from './normalize-record.js';
export { bytesToHex, toFlatValue, toText, type FlatValue } from './any-value.js';
export { flattenInto } from './flatten.js';
export { severityNumberFromText, severityName } from './severity.js';

export { normalizeRecord, normalizeServiceRecord, normalizeInto, newRecordView, type RecordView, serviceName, nanosToMs, UNKNOWN_SERVICE } from './normalize-record.js';
export { bytesToHex, toFlatValue, toText, type FlatValue } from './any-value.js';
export { flattenInto, type AttributeSink } from './flatten.js';
export { RecordAttributes } from './record-attributes.js';
export { severityNumberFromText, severityName } from './severity.js';

export type { HeaderFormat, ParsedLine } from './header-format.js';
export { compileSpec } from './spec-format.js';
export { builtinFormats, resolveFormat } from './builtin-formats.js';
export { JSON_LINES, LOGFMT } from './structured-formats.js';
export { FormatDetector, detectFormat, parseHeader, type DetectorOptions } from './format-detector.js';

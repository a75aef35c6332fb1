export { createClassifier, DEFAULT_SEVERITY_PRIORS } from './classifier.js';
export type { Classification, Classifier, ClassifierInput, ClassifierOptions, ClassifierStats, Explanation, SeverityPriors } from './classifier.js';
export { DEFAULT_RULES } from './default-rules.js';
export { validateRule } from './compile-rules.js';
export type { AttrValue } from './compile-rules.js';
export type { AttributeCondition, ClassRule } from './rule-types.js';
export { severityBucket, severityNumberOf } from './severity.js';

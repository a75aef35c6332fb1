export * from './otlp-model.js';
export * from './engine-api.js';
export * from './classify/index.js';
export * from './normalize/index.js';
export * from './mining/index.js';
export * from './format/index.js';

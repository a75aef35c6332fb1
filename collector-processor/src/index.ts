export * from './otlp-model.js';
export * from './engine-api.js';
export * from './classify/index.js';

export * from './otlp-model.js';
export * from './engine-api.js';

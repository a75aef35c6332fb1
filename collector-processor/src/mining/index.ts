export { TemplateMiner, type TemplateInfo, type MinerStats } from './template-miner.js';
export { DEFAULT_MINER_CONFIG, resolveMinerConfig, type MinerConfig } from './miner-config.js';
export type { MinerSnapshot, ServiceSnapshot, ClusterSnapshot, VarietySnapshot } from './snapshot.js';
export { templateId } from './template-id.js';
export { classifyValue, type ParamShape } from './param-type.js';

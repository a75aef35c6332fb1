import { createEngine, type Engine, type EngineConfig } from '@anomalog/collector-processor';

/**
 * The engine from the `processor.engine` section of the configuration (miner, detectors, scoring,
 * classifier rules: plain data, validated by the engine itself) and a restored snapshot.
 */
export function engineFactory(engineConfig: Record<string, unknown>, snapshot: unknown): Engine {
  return createEngine(engineConfig as EngineConfig, snapshot);
}

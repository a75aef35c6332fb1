import { labelledDetection, type LabelledResult } from './detection-labelled.js';
import { scenarioDetection, type ScenarioResult } from './detection-scenarios.js';

export interface DetectionSection {
  /** The BGL_2k sample (null when DIR has no BGL dataset). */
  bgl: LabelledResult | null;
  /** Every labelled dataset of DIR (lines tagged with an alert label), BGL included. */
  labelled: Record<string, LabelledResult>;
  scenarios: ScenarioResult;
}

/** The `detection` section of `anomalog eval`. */
export async function detectionSection(dataDir: string): Promise<DetectionSection> {
  const labelled = await labelledDetection(dataDir);
  return { bgl: labelled.BGL ?? null, labelled, scenarios: scenarioDetection() };
}

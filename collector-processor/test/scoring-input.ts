import type { TypedParam } from '../src/engine-api.js';
import type { ScoringInput } from '../src/detectors/input.js';

/** A ScoringInput for detector tests: INFO, no params, no trace, unless told otherwise. */
export function input(templateId: string, timeMs: number, over: Partial<ScoringInput> = {}): ScoringInput {
  return {
    service: 'svc',
    component: '',
    timeMs,
    severityNumber: 9,
    templateId,
    template: templateId,
    params: [] as TypedParam[],
    traceId: '',
    spanId: '',
    attributes: new Map(),
    ...over,
  };
}

export const INFO = 9;
export const WARN = 13;
export const ERROR = 17;
export const FATAL = 21;

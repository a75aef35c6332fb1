import type { RecordVerdict, TypedParam } from './engine-api.js';
import type { LogClass } from './otlp-model.js';

/**
 * A verdict built by a constructor, not an object literal. V8 tracks object literals by allocation
 * site and moves a site's objects straight to the old generation once most of them outlive a young
 * collection, which a batch's verdicts do while the young generation is still small at start-up;
 * the decision sticks, and every later verdict (with its params) then waits for a full collection.
 * Constructed objects are not pretenured that way.
 */
export class Verdict implements RecordVerdict {
  service: string;
  timeMs: number;
  severityNumber: number;
  message: string;
  template: string;
  templateId: string;
  params: TypedParam[];
  newTemplate: boolean;
  score: number;
  isAnomaly: boolean;
  class: LogClass;
  classConfidence: number;
  reasons: string[];

  constructor(
    service: string,
    timeMs: number,
    severityNumber: number,
    message: string,
    template: string,
    templateId: string,
    params: TypedParam[],
    newTemplate: boolean,
    score: number,
    isAnomaly: boolean,
    cls: LogClass,
    classConfidence: number,
    reasons: string[],
  ) {
    this.service = service;
    this.timeMs = timeMs;
    this.severityNumber = severityNumber;
    this.message = message;
    this.template = template;
    this.templateId = templateId;
    this.params = params;
    this.newTemplate = newTemplate;
    this.score = score;
    this.isAnomaly = isAnomaly;
    this.class = cls;
    this.classConfidence = classConfidence;
    this.reasons = reasons;
  }
}

import { ATTR, type AnyValue, type KeyValue } from './otlp-model.js';

/**
 * Sets the anomalog.* attributes on a record: replaces them where a previous pass left them,
 * appends them otherwise; no other attribute is touched.
 */
export function enrichAttributes(attrs: KeyValue[], score: number, isAnomaly: boolean, cls: string, confidence: number, template: string, templateId: string, reasons: string[]): void {
  if (!carriesVerdictAttributes(attrs)) {
    attrs.push(
      { key: ATTR.score, value: score },
      { key: ATTR.isAnomaly, value: isAnomaly },
      { key: ATTR.class, value: cls },
      { key: ATTR.classConfidence, value: confidence },
      { key: ATTR.template, value: template },
      { key: ATTR.templateId, value: templateId },
      { key: ATTR.reasons, value: reasons as AnyValue[] },
    );
    return;
  }
  set(attrs, ATTR.score, score);
  set(attrs, ATTR.isAnomaly, isAnomaly);
  set(attrs, ATTR.class, cls);
  set(attrs, ATTR.classConfidence, confidence);
  set(attrs, ATTR.template, template);
  set(attrs, ATTR.templateId, templateId);
  set(attrs, ATTR.reasons, reasons as AnyValue[]);
}

/** Whether the record already has an anomalog.* attribute (from an earlier pass or its sender). */
export function carriesVerdictAttributes(attrs: readonly KeyValue[]): boolean {
  for (let i = 0; i < attrs.length; i++) if (attrs[i].key.startsWith('anomalog.')) return true;
  return false;
}

function set(attrs: KeyValue[], key: string, value: AnyValue): void {
  for (let i = attrs.length - 1; i >= 0; i--) {
    if (attrs[i].key === key) {
      attrs[i].value = value;
      return;
    }
  }
  attrs.push({ key, value });
}

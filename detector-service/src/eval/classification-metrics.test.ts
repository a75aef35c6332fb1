import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classificationMetrics } from './classification-metrics.js';
import { classificationEvalSection, classificationSection, loadLabelledSet } from './classification.js';

describe('classificationMetrics', () => {
  it('computes accuracy, per-class precision/recall/F1, macro-F1 and the confusion matrix', () => {
    // truth:     N N N S S H
    // predicted: N N S S N H
    const m = classificationMetrics(
      ['normal', 'normal', 'normal', 'security', 'security', 'hardware'],
      ['normal', 'normal', 'security', 'security', 'normal', 'hardware'],
    );
    expect(m.lines).toBe(6);
    expect(m.accuracy).toBeCloseTo(4 / 6);
    // normal: P 2/3, R 2/3; security: P 1/2, R 1/2; hardware: P 1, R 1.
    expect(m.perClass.normal).toMatchObject({ support: 3 });
    expect(m.perClass.normal.precision).toBeCloseTo(2 / 3);
    expect(m.perClass.normal.recall).toBeCloseTo(2 / 3);
    expect(m.perClass.security.f1).toBeCloseTo(0.5);
    expect(m.perClass.hardware.f1).toBe(1);
    // Classes with no true line (network, ...) are left out of the macro mean.
    expect(m.macroF1).toBeCloseTo((2 / 3 + 0.5 + 1) / 3);
    expect(m.perClass.network).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(m.confusion.normal.security).toBe(1);
    expect(m.confusion.security.normal).toBe(1);
    expect(m.confusion.hardware.hardware).toBe(1);
  });

  it('refuses misaligned inputs', () => {
    expect(() => classificationMetrics(['normal'], [])).toThrow(/1 labels but predictions 0/);
  });
});

describe('the labelled set', () => {
  it('loads, names a bad line by file and number, and scores the repository set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'anomalog-labelled-'));
    try {
      const bad = join(dir, 'bad.jsonl');
      writeFileSync(bad, '{"message":"ok","class":"normal"}\n{"message":"x","class":"weird"}\n');
      expect(() => loadLabelledSet(bad)).toThrow(/bad\.jsonl:2: 'class' must be one of/);
      const good = join(dir, 'good.jsonl');
      writeFileSync(good, '{"source":"t","message":"Connection refused","severity":"ERROR","severity_number":17,"class":"network"}\n');
      expect(classificationSection(good)).toMatchObject({ lines: 1, accuracy: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const set = loadLabelledSet(join(import.meta.dirname, '../../../collector-processor/test/data/labelled/labelled.jsonl'));
    expect(set.length).toBeGreaterThanOrEqual(400);
    expect(new Set(set.map((l) => l.class)).size).toBe(7);
  });
});

describe('the classifier on the labelled set', () => {
  it('reaches the acceptance bar: macro-F1 >= 0.85', () => {
    const section = classificationSection();
    expect(section.lines).toBeGreaterThanOrEqual(400);
    expect(section.macroF1).toBeGreaterThanOrEqual(0.85);
  });
});

describe('classification from mined templates', () => {
  it('mines each line in its source stream; sources whose data is absent are left out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anomalog-nodata-'));
    try {
      const section = await classificationEvalSection(dir);
      const generated = loadLabelledSet(section.file).filter((l) => l.source.startsWith('generator/')).length;
      expect(section.viaTemplates?.lines).toBe(generated);
      expect(section.viaTemplates?.accuracy).toBeGreaterThan(0.8);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

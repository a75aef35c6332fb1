import { createClassifier, type Classifier } from './classify/index.js';
import type { Engine, EngineStats, MineResult, RecordVerdict } from './engine-api.js';
import { isClassifier, type EngineConfig } from './engine-config.js';
import { severityLevel, type ScoringInput } from './detectors/input.js';
import { ALL_DETECTORS, DetectorSuite } from './detectors/suite.js';
import { TemplateMiner, resolveMinerConfig, type MinerSnapshot } from './mining/index.js';
import { newRecordView, normalizeInto, serviceName, type RecordView } from './normalize/index.js';
import { ATTR, type AnyValue, type KeyValue, type LogRecord, type LogsData, type Resource } from './otlp-model.js';
import { combine, reasonsOf, thresholdFor } from './scoring/ensemble.js';
import { compileScoring } from './scoring/config.js';
import { componentOf } from './engine-component.js';
import { RawLineStage } from './engine-raw-line.js';
import { Verdict } from './engine-verdict.js';
import { enrichAttributes } from './enrich-attributes.js';

export type { EngineConfig } from './engine-config.js';

const SNAPSHOT_VERSION = 1;

interface EngineSnapshot {
  version: number;
  miner: MinerSnapshot;
  detectors: unknown;
  lastTimeMs: number;
}

/**
 * The scoring engine: normalise -> mine -> detectors -> ensemble -> classify -> enrich.
 * Detectors run on record time, so replaying the same records gives the same scores.
 */
export function createEngine(config: EngineConfig = {}, snapshot?: unknown): Engine {
  const miner = new TemplateMiner(config.miner);
  const suite = new DetectorSuite(config.detectors, { ...ALL_DETECTORS, ...(config.enabledDetectors ?? {}) });
  const scoring = compileScoring(config.scoring);
  // The classifier memoises per template: by default it holds as many templates as the miner may.
  const classifier: Classifier = isClassifier(config.classifier)
    ? config.classifier
    : createClassifier({ cacheSize: resolveMinerConfig(config.miner).maxTemplatesTotal, ...(config.classifier ?? {}) });
  const clock = config.clock ?? Date.now;
  const onScored = config.onScored;
  const rawLines = config.rawLines ?? 'auto';
  const enrichRecords = config.enrichRecords ?? true;
  const rawCapEvents = new Map<string, number>();
  const rawStage = new RawLineStage(config.format, suite.cfg.maxServices, (store) => rawCapEvents.set(store, (rawCapEvents.get(store) ?? 0) + 1));
  /** Latest record time seen: the time of a record that has none (keeps replays deterministic). */
  let lastTimeMs = 0;

  if (snapshot !== undefined && snapshot !== null) {
    const s = snapshot as EngineSnapshot;
    if (s.version !== SNAPSHOT_VERSION) throw new Error(`engine snapshot version ${String(s.version)} is not ${SNAPSHOT_VERSION}`);
    miner.restore(s.miner);
    suite.restore(s.detectors);
    lastTimeMs = s.lastTimeMs;
  }

  const input: ScoringInput = {
    service: '',
    component: '',
    timeMs: 0,
    severityNumber: 0,
    templateId: '',
    template: '',
    params: [],
    traceId: '',
    spanId: '',
    attributes: new Map(),
  };
  // Reused for every record's classification (the classifier keeps nothing of its input).
  const classifierInput = { message: '', severityNumber: 0, severityText: '', attributes: input.attributes };
  // Each record is normalised into this one view (its attributes included), read before the next.
  const view = newRecordView();
  // Each record's mining result, read before the next (its params array is the record's own).
  const mined: MineResult = { templateId: '', template: '', params: [], isNew: false, count: 0 };
  // Most configurations give no service a threshold of its own: no lookup by name per record.
  const ownThresholds = Object.keys(scoring.config.serviceThresholds).length > 0;

  function scoreRecord(n: RecordView, record: LogRecord): RecordVerdict {
    if (rawLines !== 'never' && typeof record.body === 'string' && (rawLines === 'always' || (n.severityNumber === 0 && n.severityText === ''))) {
      rawStage.apply(n);
    }
    let timeMs = n.timeMs;
    if (timeMs <= 0) timeMs = lastTimeMs > 0 ? lastTimeMs : clock();
    else if (timeMs > lastTimeMs) lastTimeMs = timeMs;

    miner.mine(n.service, n.message, mined);
    input.service = n.service;
    input.component = componentOf(n.attributes);
    input.timeMs = timeMs;
    input.severityNumber = n.severityNumber;
    input.templateId = mined.templateId;
    input.template = mined.template;
    input.params = mined.params;
    input.traceId = n.traceId;
    input.spanId = n.spanId;
    input.attributes = n.attributes;
    const ev = suite.detect(input);
    const level = severityLevel(n.severityNumber);
    const score = combine(ev, level, suite.lastServiceRecords, scoring);
    const isAnomaly = score >= (ownThresholds ? thresholdFor(n.service, scoring) : scoring.config.threshold);
    suite.settle(isAnomaly);
    const reasons = reasonsOf(ev, level, isAnomaly, scoring);
    classifierInput.message = mined.template;
    classifierInput.severityNumber = n.severityNumber;
    classifierInput.severityText = n.severityText;
    classifierInput.attributes = n.attributes;
    const cls = classifier.classify(classifierInput, mined.templateId);
    if (enrichRecords) enrichAttributes(record.attributes, score, isAnomaly, cls.class, cls.confidence, mined.template, mined.templateId, reasons);
    const verdict = new Verdict(
      n.service,
      timeMs,
      n.severityNumber,
      n.message,
      mined.template,
      mined.templateId,
      mined.params,
      mined.isNew,
      score,
      isAnomaly,
      cls.class,
      cls.confidence,
      reasons,
    );
    if (onScored !== undefined) onScored(ev.surprise, verdict);
    return verdict;
  }

  let failures = 0;
  function unscored(record: LogRecord, resource: Resource | undefined, err: unknown): RecordVerdict {
    failures++;
    const reason = `not scored: ${err instanceof Error ? err.message : String(err)}`;
    if (enrichRecords) enrichAttributes(record.attributes, 0, false, 'normal', 0, '', '', [reason]);
    return {
      service: serviceName(resource),
      timeMs: lastTimeMs,
      severityNumber: record.severityNumber,
      message: typeof record.body === 'string' ? record.body : '',
      template: '',
      templateId: '',
      params: [],
      newTemplate: false,
      score: 0,
      isAnomaly: false,
      class: 'normal',
      classConfidence: 0,
      reasons: [reason],
    };
  }

  return {
    process(data: LogsData): RecordVerdict[] {
      const verdicts: RecordVerdict[] = [];
      const resourceLogs = data.resourceLogs;
      for (let r = 0; r < resourceLogs.length; r++) {
        const rl = resourceLogs[r];
        const service = serviceName(rl.resource);
        for (let s = 0; s < rl.scopeLogs.length; s++) {
          const sl = rl.scopeLogs[s];
          const records = sl.logRecords;
          for (let i = 0; i < records.length; i++) {
            const record = records[i];
            let verdict: RecordVerdict;
            try {
              verdict = scoreRecord(normalizeInto(view, service, sl.scope, record), record);
            } catch (err) {
              // One record the engine cannot score must not cost the batch: it passes through
              // unscored, saying why, and the failure is counted.
              verdict = unscored(record, rl.resource, err);
            }
            verdicts.push(verdict);
          }
        }
      }
      return verdicts;
    },
    snapshot(): EngineSnapshot {
      return { version: SNAPSHOT_VERSION, miner: miner.snapshot(), detectors: suite.toJSON(), lastTimeMs };
    },
    lazySnapshot(): unknown {
      // Per-service parts are built as a streaming writer reaches them (see lazy-json-array.ts);
      // the latest record time is read last, after every part it may be compared with.
      return {
        version: SNAPSHOT_VERSION,
        miner: miner.lazySnapshot(),
        detectors: suite.lazyJSON(),
        get lastTimeMs() {
          return lastTimeMs;
        },
      };
    },
    stats(): EngineStats {
      const m = miner.stats();
      const capEvents = new Map<string, number>(m.capEvents);
      for (const [k, v] of suite.capEvents) capEvents.set(k, (capEvents.get(k) ?? 0) + v);
      for (const [k, v] of rawCapEvents) capEvents.set(k, v);
      if (failures > 0) capEvents.set('engine.unscored', failures);
      const c = classifier.stats();
      if (c.cacheEvictions > 0) capEvents.set('classifier.cache.evicted', c.cacheEvictions);
      return { services: m.services, templatesByService: m.templatesByService, capEvents };
    },
  };
}


/**
 * Messages between the main thread and the scoring thread (scoring-thread-main.ts). The scoring
 * thread owns what learns: the engine, the template catalog and their persistence; the main
 * thread receives, decodes, exports and serves the admin API.
 */
import type { EngineStats } from '@anomalog/collector-processor';
import type { TemplateEntry } from '../admin/template-catalog.js';
import type { VerdictWire } from './verdict-wire.js';

export type RequestFormat = 'protobuf' | 'json';

export interface ScoringThreadInit {
  engineConfig: Record<string, unknown>;
  templatesPerService: number;
  /** State persistence (restore at start, periodic and final saves), or undefined when off. */
  state: { dir: string; intervalMs: number } | undefined;
  /** The main logger's level: the thread's log lines are handed to it. */
  logLevel: string;
  /** How often the thread reports its figures (engine stats, catalog, saves). */
  statsIntervalMs: number;
}

export type TemplateListing = { service: string; templateCount: number; templates: TemplateEntry[] }[];

export type ToScoring =
  | { type: 'score'; id: number; format: RequestFormat; bytes: Uint8Array; maxNestingDepth: number | undefined }
  | { type: 'templates'; id: number; service: string | undefined; limit: number }
  | { type: 'snapshot'; id: number }
  | { type: 'figures'; id: number }
  | { type: 'stop'; id: number };

export interface ScoringFigures {
  engine: EngineStats;
  catalogDropped: number;
  /** lastSaveMaxBlockMs: the longest the thread's event loop was held up during the last save. */
  state: { saves: number; lastSaveBytes: number; lastSaveMs: number; lastSaveMaxBlockMs?: number } | null;
}

export type FromScoring =
  | { type: 'ready'; restoredFrom: string | undefined; figures: ScoringFigures }
  | { type: 'start-failed'; message: string }
  | { type: 'verdicts'; id: number; wire: VerdictWire }
  | { type: 'failed'; id: number; message: string }
  | { type: 'reply'; id: number; value: unknown }
  | { type: 'figures'; figures: ScoringFigures }
  | { type: 'log'; line: string };

import { compileSpec, FormatDetector, type HeaderFormat, TemplateMiner } from '@anomalog/collector-processor';
import { ProgressBar } from '../cli/progress.js';
import { type LabelledDataset, listDatasets, loadDataset, readFormats } from './loghub-dataset.js';
import { parsingScores, type ParsingScores } from './parsing-metrics.js';

export interface DatasetResult extends ParsingScores {
  lines: number;
  templates: number;
  trueTemplates: number;
}

export interface GivenDatasetResult extends DatasetResult {
  /** Share of lines whose message, split with the given format, equals the labelled message. */
  headerSplit: number;
}

export interface AutoDatasetResult extends DatasetResult {
  /** The format detection chose (null when none fitted). */
  format: string | null;
  /** Share of lines whose detected message equals the labelled message. */
  formatDetection: number;
}

export interface ParsingSection {
  /** `mean` is null when no dataset of DIR is in its formats.json. */
  given: { datasets: Record<string, GivenDatasetResult>; mean: ParsingScores | null };
  auto: { datasets: Record<string, AutoDatasetResult>; mean: ParsingScores | null; formatDetection: number };
}

/**
 * The `parsing` section of `anomalog eval`: the template miner over every dataset of DIR, once
 * with the header format of formats.json given and once with the header auto-detected. Datasets
 * missing from formats.json are only auto-detected.
 */
export async function parsingSection(dataDir: string): Promise<ParsingSection> {
  const formats = await readFormats(dataDir);
  const names = await listDatasets(dataDir);
  const given: Record<string, GivenDatasetResult> = {};
  const auto: Record<string, AutoDatasetResult> = {};
  const bar = new ProgressBar('parsing', names.length * 2);
  let step = 0;
  let rightLines = 0;
  let allLines = 0;
  for (const name of names) {
    const data = await loadDataset(dataDir, name);
    bar.update(step++, name);
    const spec = formats[name];
    if (spec !== undefined) given[name] = mineGiven(data, compileSpec(name, spec));
    bar.update(step++, name);
    const result = mineAuto(data);
    auto[name] = result;
    rightLines += Math.round(result.formatDetection * result.lines);
    allLines += result.lines;
  }
  bar.done();
  return {
    given: { datasets: given, mean: meanScores(Object.values(given)) },
    auto: { datasets: auto, mean: meanScores(Object.values(auto)), formatDetection: allLines === 0 ? 0 : rightLines / allLines },
  };
}

function mineGiven(data: LabelledDataset, format: HeaderFormat): GivenDatasetResult {
  let right = 0;
  const messages = data.lines.map((line, i) => {
    const message = format.parse(line)?.message ?? line;
    if (message.trim() === (data.rows[i].Content ?? '').trim()) right++;
    return message;
  });
  return { ...mineAndScore(data, messages), headerSplit: data.lines.length === 0 ? 0 : right / data.lines.length };
}

function mineAuto(data: LabelledDataset): AutoDatasetResult {
  const detector = new FormatDetector();
  detector.prime(data.lines.slice(0, 32));
  let right = 0;
  const messages = data.lines.map((line, i) => {
    const message = detector.parse(line).message;
    if (message.trim() === (data.rows[i].Content ?? '').trim()) right++;
    return message;
  });
  return {
    ...mineAndScore(data, messages),
    format: detector.formatName ?? null,
    formatDetection: data.lines.length === 0 ? 0 : right / data.lines.length,
  };
}

/** Mines the messages in order; each line is judged by the template its id stands for at the end. */
function mineAndScore(data: LabelledDataset, messages: readonly string[]): DatasetResult {
  const miner = new TemplateMiner();
  const service = data.name;
  const ids = messages.map((m) => miner.mine(service, m).templateId);
  const predicted = ids.map((id) => miner.template(service, id) ?? `evicted:${id}`);
  const truth = data.rows.map((r) => r.EventTemplate ?? '');
  return {
    ...parsingScores(truth, predicted),
    lines: messages.length,
    templates: new Set(predicted).size,
    trueTemplates: new Set(truth).size,
  };
}

function meanScores(results: readonly ParsingScores[]): ParsingScores | null {
  const n = results.length;
  if (n === 0) return null;
  const mean = (key: keyof ParsingScores): number => results.reduce((s, r) => s + r[key], 0) / n;
  return { GA: mean('GA'), FGA: mean('FGA'), PA: mean('PA'), FTA: mean('FTA') };
}

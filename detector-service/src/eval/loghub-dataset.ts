import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvRecords } from './csv.js';

/** One dataset of a folder in the loghub layout: `<Name>/<file>.log` and `<file>.log_structured.csv`. */
export interface LabelledDataset {
  name: string;
  /** Raw lines of the .log file, in order. */
  lines: string[];
  /** The structured CSV rows aligned with `lines` (Content, EventTemplate, header fields...). */
  rows: Record<string, string>[];
}

/** Header formats by dataset name from DIR/formats.json (empty when there is none). */
export async function readFormats(dir: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(join(dir, 'formats.json'), 'utf8');
  } catch {
    return {};
  }
  const parsed = JSON.parse(text) as Record<string, unknown>;
  const formats: Record<string, string> = {};
  for (const [name, spec] of Object.entries(parsed)) if (!name.startsWith('_') && typeof spec === 'string') formats[name] = spec;
  return formats;
}

/** Names of the datasets in DIR: sub-folders holding a .log file and its _structured.csv. */
export async function listDatasets(dir: string): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const files = await readdir(join(dir, entry.name));
    if (files.some((f) => f.endsWith('.log_structured.csv'))) names.push(entry.name);
  }
  return names.sort();
}

export async function loadDataset(dir: string, name: string): Promise<LabelledDataset> {
  const folder = join(dir, name);
  const files = await readdir(folder);
  const structured = files.find((f) => f.endsWith('.log_structured.csv'));
  if (structured === undefined) throw new Error(`${folder}: no *.log_structured.csv`);
  const logFile = structured.slice(0, -'_structured.csv'.length);
  const raw = await readFile(join(folder, logFile), 'utf8');
  const lines = raw.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const rows = csvRecords(await readFile(join(folder, structured), 'utf8'));
  if (rows.length !== lines.length) {
    throw new Error(`${name}: ${lines.length} raw lines but ${rows.length} structured rows`);
  }
  return { name, lines, rows };
}

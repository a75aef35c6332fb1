/**
 * `anomalog eval [--json] [--data DIR] [--only a,b]`: accuracy of the engine on labelled data.
 * Each section lives in its own module under src/eval/ and is run in turn; `--json` prints one
 * object with a key per section (see docs/contracts.md), otherwise each section prints a table.
 * Progress goes to stderr when it is a terminal.
 */
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../../eval/default-data-dir.js';
import { parsingSection } from '../../eval/parsing.js';
import { parsingTable } from '../../eval/parsing-table.js';
import { detectionSection } from '../../eval/detection.js';
import { detectionTable } from '../../eval/detection-table.js';
import { classificationEvalSection, classificationTable } from '../../eval/classification.js';
import { runSections, unknownSections, type Section } from '../sections.js';

export const summary = 'measure parsing, detection and classification accuracy on labelled logs';

interface EvalContext {
  dataDir: string;
}

/** The sections, in the order they run. Add a section by adding an entry. */
const SECTIONS: Section<EvalContext>[] = [
  {
    name: 'parsing',
    run: (ctx) => parsingSection(ctx.dataDir),
    render: (r) => parsingTable(r as Awaited<ReturnType<typeof parsingSection>>),
  },
  {
    name: 'detection',
    run: (ctx) => detectionSection(ctx.dataDir),
    render: (r) => detectionTable(r as Awaited<ReturnType<typeof detectionSection>>),
  },
  {
    name: 'classification',
    run: (ctx) => classificationEvalSection(ctx.dataDir),
    render: (r) => classificationTable(r as Awaited<ReturnType<typeof classificationEvalSection>>),
  },
];

const HELP = `usage: anomalog eval [--json] [--data DIR] [--only SECTION[,SECTION]]

  --json        print one JSON object with a key per section
  --data DIR    a folder in the loghub layout (default ../shared/data/loghub)
  --only LIST   run only these sections (${SECTIONS.map((s) => s.name).join(', ')})
`;

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        data: { type: 'string' },
        only: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`anomalog eval: ${(err as Error).message}\n${HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const only = values.only?.split(',').map((s) => s.trim());
  const unknown = unknownSections(SECTIONS, only);
  if (unknown.length > 0) {
    process.stderr.write(`anomalog eval: unknown section(s) ${unknown.join(', ')}\n${HELP}`);
    return 2;
  }
  const context: EvalContext = { dataDir: values.data ?? defaultDataDir() };
  const { results, failed } = await runSections('eval', SECTIONS, only, context, {}, (section, result) => {
    if (!values.json) process.stdout.write(`${section.render(result)}\n\n`);
  });
  if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  return failed > 0 ? 1 : 0;
}

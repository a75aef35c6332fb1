/** Entry for running the engine benchmark in its own process: `node engine-main.js MIN_RECORDS`. */
import { runEngineBench } from './engine.js';

const minRecords = Number(process.argv[2] ?? 1_000_000);
try {
  process.stdout.write(`${JSON.stringify(runEngineBench(minRecords))}\n`);
} catch (err) {
  process.stderr.write(`engine bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}

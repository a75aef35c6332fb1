/** Entry for running the per-detector benchmark in its own process: `node detectors-main.js MIN_RECORDS`. */
import { runDetectorsBench } from './detectors.js';

const minRecords = Number(process.argv[2] ?? 300_000);
try {
  process.stdout.write(`${JSON.stringify(runDetectorsBench(minRecords))}\n`);
} catch (err) {
  process.stderr.write(`detectors bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}

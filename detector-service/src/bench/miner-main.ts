/** Entry for running the miner benchmark in its own process: `node miner-main.js DIR MIN_LINES`. */
import { runMinerBench } from './miner.js';

const [dataDir, minLines] = process.argv.slice(2);
if (dataDir === undefined) {
  process.stderr.write('usage: miner-main.js DATA_DIR [MIN_LINES]\n');
  process.exitCode = 2;
} else {
  runMinerBench(dataDir, Number(minLines ?? 2_000_000)).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (err: unknown) => {
      process.stderr.write(`miner bench: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

#!/usr/bin/env node
/**
 * The `anomalog` command line. Each command is a module in ./commands/<name>.js exporting
 * `run(argv: string[]): Promise<number>` (the exit code) and `summary` (one line for --help).
 * Commands are loaded lazily so `anomalog score` does not pay for the gRPC server's imports.
 */
const COMMANDS = ['serve', 'score', 'generate', 'eval', 'bench', 'soak'] as const;
type CommandName = (typeof COMMANDS)[number];

interface CommandModule {
  run(argv: string[]): Promise<number>;
  summary: string;
}

function isCommand(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}

async function load(name: CommandName): Promise<CommandModule> {
  return (await import(`./commands/${name}.js`)) as CommandModule;
}

async function printHelp(): Promise<void> {
  const lines = ['usage: anomalog <command> [options]', '', 'commands:'];
  for (const name of COMMANDS) {
    try {
      const mod = await load(name);
      lines.push(`  ${name.padEnd(10)} ${mod.summary}`);
    } catch {
      // A command that is not built into this distribution is simply not listed.
    }
  }
  lines.push('', 'Run `anomalog <command> --help` for its options.');
  process.stdout.write(lines.join('\n') + '\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await printHelp();
    return name === undefined ? 2 : 0;
  }
  if (!isCommand(name)) {
    process.stderr.write(`anomalog: unknown command '${name}'. Run 'anomalog --help' for the list.\n`);
    return 2;
  }
  const mod = await load(name);
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`anomalog: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);

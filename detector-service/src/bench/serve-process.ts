/**
 * The real `anomalog serve` in a child process, started as a user starts it (built CLI, flags,
 * `--set`), on loopback ports the OS picks: the bench, the soak and the reliability tests drive
 * it from outside. The listeners' ports are read from the service's "ready" log line on stderr.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVICE_NODE_FLAGS } from '../service/node-flags.js';

export interface ServeProcessOptions {
  /** A configuration file passed as `--config` (merged over the embedded default; its `exporters:` replace the default's). */
  configFile?: string;
  /** `path=value` settings passed as `--set`. */
  sets?: readonly string[];
  /** Extra environment (merged over this process's). */
  env?: Record<string, string>;
  /** What to do with the child's stdout (the JSONL exporter's "-"): ignore it by default. */
  stdout?: 'ignore' | 'inherit';
  readyTimeoutMs?: number;
  /** Listener addresses (default 127.0.0.1:0 each: loopback, a port the OS picks). */
  grpcEndpoint?: string;
  httpEndpoint?: string;
  adminEndpoint?: string;
  /** The service's log level (default info: the ready line, which carries the ports, is logged at info). */
  logLevel?: 'info' | 'debug' | 'trace';
  /** The built CLI to run (default: the one beside this module; tests, run from src, pass dist's). */
  cliMain?: string;
}

export interface ServeProcess {
  child: ChildProcess;
  pid: number;
  grpcPort: number;
  httpPort: number;
  adminPort: number;
  /** The admin API's base URL (http://host:port). */
  admin: string;
  /** The service's own log output so far (stderr), capped at its last 4 MiB. */
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | string>;
  /** SIGTERM (drain, save state, exit) and wait; SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<number | string>;
  /** kill -9, and wait for the exit. */
  kill9(): Promise<number | string>;
}

const STDERR_CAP = 4 * 1024 * 1024;
const MAIN = fileURLToPath(new URL('../cli/main.js', import.meta.url));

interface ReadyLine {
  msg?: string;
  grpc?: { host: string; port: number };
  http?: { host: string; port: number };
  admin?: { host: string; port: number };
}

export async function startServeProcess(options: ServeProcessOptions = {}): Promise<ServeProcess> {
  const args = [
    ...SERVICE_NODE_FLAGS,
    options.cliMain ?? MAIN,
    'serve',
    '--grpc-endpoint', options.grpcEndpoint ?? '127.0.0.1:0',
    '--http-endpoint', options.httpEndpoint ?? '127.0.0.1:0',
    '--admin-endpoint', options.adminEndpoint ?? '127.0.0.1:0',
    // Ports come from the ready line, logged at info (these flags win over --set).
    '--log-level', options.logLevel ?? 'info',
    ...(options.configFile === undefined ? [] : ['--config', options.configFile]),
    ...(options.sets ?? []).flatMap((s) => ['--set', s]),
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', options.stdout ?? 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr += chunk;
    if (stderr.length > STDERR_CAP) stderr = stderr.slice(stderr.length - STDERR_CAP);
  });
  // A pipe of a process that died can report EPIPE/ECONNRESET: the exit is what matters.
  child.stderr!.on('error', () => undefined);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));
  spawnFailed.catch(() => undefined);

  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  let ready: ReadyLine | undefined;
  while (ready === undefined) {
    if (hasExited) throw new Error(`anomalog serve exited before it was ready: ${stderr.slice(-2000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`anomalog serve was not ready within ${options.readyTimeoutMs ?? 30_000} ms: ${stderr.slice(-2000)}`);
    }
    ready = findReadyLine(stderr);
    if (ready === undefined) await Promise.race([new Promise((r) => setTimeout(r, 50)), spawnFailed]);
  }

  const waitExit = async (timeoutMs: number): Promise<number | string> => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    child,
    pid: child.pid!,
    grpcPort: ready.grpc?.port ?? 0,
    httpPort: ready.http?.port ?? 0,
    adminPort: ready.admin?.port ?? 0,
    admin: `http://${ready.admin?.host ?? '127.0.0.1'}:${ready.admin?.port ?? 0}`,
    stderr: () => stderr,
    exited,
    stop: (timeoutMs = 20_000) => {
      if (!hasExited) child.kill('SIGTERM');
      return waitExit(timeoutMs);
    },
    kill9: () => {
      if (!hasExited) child.kill('SIGKILL');
      return exited;
    },
  };
}

function findReadyLine(stderr: string): ReadyLine | undefined {
  for (const line of stderr.split('\n')) {
    if (!line.includes('anomalog is ready')) continue;
    try {
      return JSON.parse(line) as ReadyLine;
    } catch {
      return undefined; // the line is still being written
    }
  }
  return undefined;
}

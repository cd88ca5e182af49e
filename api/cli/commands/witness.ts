/**
 * `witness init --name NAME --key FILE` creates a witness key and prints its vkey;
 * `witness serve --key FILE --log VKEY … [--port N] [--state FILE]` runs a C2SP tlog-witness for
 * those logs (each log's origin is its key's name), remembering what it cosigned in FILE.
 */
import { serve, type ServerType } from '@hono/node-server';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { NoteError, parseVerifierKey } from '../../domain/merkle/index.ts';
import {
  cosignerKeyFor,
  generateCosigningKey,
  parseCosigningKey,
  type CosigningKey,
} from '../../domain/witness/cosignature.ts';
import type { WitnessedLog } from '../../domain/witness/witness.ts';
import { Witness, witnessApp } from '../../http/witness/server.ts';
import { sha256 } from '../../store/log-store.ts';
import { FileWitnessState } from '../../store/witness-state.ts';
import type { Config } from '../config.ts';
import { UsageError } from '../usage-error.ts';

export const defaultWitnessPort = 7380;

const usage = `usage: aidtrail witness init --name NAME --key FILE
       aidtrail witness serve --key FILE --log VKEY [--log VKEY …] [--port N] [--state FILE]`;

export async function witnessCommand(args: string[], config: Config): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'init') return witnessInit(rest);
  if (sub === 'serve') return witnessServe(rest, config);
  throw new UsageError(usage);
}

async function witnessInit(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { name: { type: 'string' }, key: { type: 'string' } } });
  if (!values.name || !values.key) throw new UsageError(usage);
  const { key, created } = await ensureWitnessKey(values.key, values.name);
  if (!created) throw new UsageError(`${values.key} already holds a witness key (${cosignerKeyFor(key)})`);
  console.error(`created the witness key at ${values.key} (keep it secret: it signs every cosignature)`);
  console.log(cosignerKeyFor(key));
  return 0;
}

/** Reads a witness key file, or creates it (readable by its owner only) when absent. */
export async function ensureWitnessKey(
  path: string,
  name: string,
): Promise<{ key: CosigningKey; created: boolean }> {
  try {
    return { key: await readWitnessKey(path), created: false };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  let text: string;
  try {
    text = generateCosigningKey(name);
  } catch (e) {
    if (e instanceof NoteError) throw new UsageError(`witness name: ${e.message}`);
    throw e;
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${text}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600);
  return { key: parseCosigningKey(text), created: true };
}

async function readWitnessKey(path: string): Promise<CosigningKey> {
  const text = (await readFile(path, 'utf8')).trim();
  try {
    return parseCosigningKey(text);
  } catch (e) {
    if (e instanceof NoteError) throw new UsageError(`${path} is not a witness key: ${e.message}`);
    throw e;
  }
}

/** The logs a witness follows, from their vkeys; each log's origin is its key's name. */
export function witnessedLogs(vkeys: readonly string[]): WitnessedLog[] {
  return vkeys.map((vkey) => {
    try {
      const key = parseVerifierKey(vkey.trim());
      return { origin: key.name, key };
    } catch (e) {
      if (e instanceof NoteError) throw new UsageError(`--log ${vkey}: ${e.message}`);
      throw e;
    }
  });
}

export interface RunningWitness {
  url: string;
  vkey: string;
  close(): Promise<void>;
}

/** Starts a witness on host:port (0: any free port) and resolves once it listens. */
export async function startWitness(opts: {
  key: CosigningKey;
  logs: readonly WitnessedLog[];
  statePath: string;
  host: string;
  port: number;
  log?: (message: string) => void;
}): Promise<RunningWitness> {
  const witness = new Witness({
    key: opts.key,
    logs: opts.logs,
    state: await FileWitnessState.open(opts.statePath),
    sha256,
    clock: () => new Date(),
    onRefusal: (origin, r) => opts.log?.(`witness ${opts.key.name} refused ${origin}: ${r.detail}`),
  });
  const app = witnessApp(witness);
  const server: ServerType = await new Promise((done, fail) => {
    const s = serve({ fetch: app.fetch, port: opts.port, hostname: opts.host }, () => done(s));
    s.once('error', (e: NodeJS.ErrnoException) =>
      fail(
        e.code === 'EADDRINUSE'
          ? new UsageError(`port ${opts.port} is already in use on ${opts.host}; choose another with --port`)
          : e,
      ),
    );
  });
  const shown = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${shown}:${(server.address() as AddressInfo).port}`,
    vkey: cosignerKeyFor(opts.key),
    close: () => new Promise((done) => server.close(() => done())),
  };
}

async function witnessServe(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      key: { type: 'string' },
      log: { type: 'string', multiple: true },
      port: { type: 'string' },
      state: { type: 'string' },
    },
  });
  if (!values.key || !values.log?.length) throw new UsageError(usage);
  const port = Number(values.port ?? defaultWitnessPort);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`--port ${values.port} is not a port number`);
  const key = await readWitnessKey(values.key).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT')
      throw new UsageError(`no witness key at ${values.key}; create one with \`aidtrail witness init\``);
    throw e;
  });
  const logs = witnessedLogs(values.log);
  const running = await startWitness({
    key,
    logs,
    statePath: values.state ?? `${values.key}.state.json`,
    host: config.host,
    port,
    log: (m) => console.error(m),
  });
  console.log(`witness ${key.name} is serving ${running.url}/add-checkpoint`);
  console.log(`  its key       ${running.vkey}`);
  for (const l of logs) console.log(`  follows       ${l.origin}`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await running.close();
  return 0;
}

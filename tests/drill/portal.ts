/**
 * A real portal for the drills: the `aidtrail` CLI and `aidtrail serve` as separate processes on
 * a database file of their own, on loopback only. Drills kill these processes with SIGKILL, so
 * nothing here may rely on them shutting down cleanly.
 */
import { createClient, type Client } from '@libsql/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repoRoot, 'api/cli/bin.mjs');

export const occurredAt = '2026-03-01T08:00:00Z';

/** The organizations every drill ledger starts with; each gets a token. */
export const cast = [
  { id: 'donor', name: '演练捐赠人', kind: 'individual', region: '110105' },
  { id: 'charity', name: '演练慈善会', kind: 'charity', region: '420100' },
  { id: 'other-charity', name: '另一慈善会', kind: 'charity', region: '420100' },
  { id: 'hospital', name: '演练医院', kind: 'hospital', region: '421100' },
  { id: 'clinic', name: '演练卫生室', kind: 'village_clinic', region: '421125' },
] as const;
export type Actor = (typeof cast)[number]['id'];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A directory with a database file and a signing key; `env` points the CLI at them. */
export class Scratch {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  tokens = {} as Record<Actor, string>;

  constructor(label: string, dir?: string) {
    this.dir = dir ?? mkdtempSync(join(tmpdir(), `aidtrail-drill-${label}-`));
    this.env = {
      ...process.env,
      DATABASE_URL: `file:${join(this.dir, 'drill.db')}`,
      AIDTRAIL_SIGNING_KEY: join(this.dir, 'drill.key'),
      AIDTRAIL_LOG_ORIGIN: 'drill.aidtrail.local/log',
      AIDTRAIL_SITE_REFRESH: '0',
      AIDTRAIL_READ_LIMIT: '0',
      AIDTRAIL_WRITE_LIMIT: '0',
      HOST: '127.0.0.1',
    };
  }

  get dbFile() {
    return join(this.dir, 'drill.db');
  }

  /** An empty ledger with the cast and their tokens. */
  async seed(): Promise<this> {
    await this.cliOk(['init', '--empty']);
    for (const o of cast)
      await this.cliOk([
        'org',
        'create',
        '--id',
        o.id,
        '--name',
        o.name,
        '--kind',
        o.kind,
        '--region',
        o.region,
      ]);
    for (const o of cast)
      this.tokens[o.id] = (await this.cliOk(['token', 'create', '--org', o.id])).stdout.trim();
    return this;
  }

  /** A copy of this ledger (database, key and tokens) in a new directory. */
  copyTo(label: string, dir?: string): Scratch {
    const copy = new Scratch(label, dir);
    copyFileSync(this.dbFile, copy.dbFile);
    copyFileSync(join(this.dir, 'drill.key'), join(copy.dir, 'drill.key'));
    copy.tokens = { ...this.tokens };
    return copy;
  }

  cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> {
    return new Promise((done) => {
      const child = spawn(process.execPath, [bin, ...args], {
        env: { ...this.env, ...extraEnv },
        cwd: repoRoot,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => done({ code, stdout, stderr }));
    });
  }

  /** The CLI as a process of its own, for drills that kill it. */
  cliProcess(args: string[]): ChildProcess {
    return spawn(process.execPath, [bin, ...args], { env: this.env, cwd: repoRoot, stdio: 'ignore' });
  }

  async cliOk(args: string[]): Promise<CliResult> {
    const r = await this.cli(args);
    if (r.code !== 0) throw new Error(`aidtrail ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
    return r;
  }

  /** Starts `aidtrail serve` and waits until it answers. */
  async serve(extraEnv: NodeJS.ProcessEnv = {}): Promise<Server> {
    const port = await freePort();
    const child = spawn(process.execPath, [bin, 'serve'], {
      env: { ...this.env, PORT: String(port), ...extraEnv },
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const server = new Server(child, `http://127.0.0.1:${port}`, this.tokens);
    for (let i = 0; i < 600; i++) {
      if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${stderr}`);
      try {
        if ((await fetch(`${server.url}/api/v1/health`)).ok) return server;
      } catch {
        // not listening yet
      }
      await pause(100);
    }
    child.kill('SIGKILL');
    throw new Error(`serve did not answer within 60 s: ${stderr}`);
  }

  /** Reads the database directly, as an auditor with the file would. */
  async query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
    const db: Client = createClient({ url: this.env.DATABASE_URL! });
    try {
      return (await db.execute(sql)).rows as unknown as T[];
    } finally {
      db.close();
    }
  }

  async logSize(): Promise<number> {
    const [row] = await this.query<{ n: number }>('SELECT count(*) AS n FROM events');
    return Number(row!.n);
  }

  /**
   * What must hold after any crash: the log audits (`aidtrail verify`: every leaf hashes into
   * the signed tree) and every projection rebuilt from the log equals the stored one.
   */
  async checkIntegrity(): Promise<string[]> {
    const failures: string[] = [];
    const audit = await this.cli(['verify']);
    if (audit.code !== 0) failures.push(`verify exited ${audit.code}: ${audit.stderr.trim().slice(0, 300)}`);
    const rebuild = await this.cli(['rebuild']);
    if (rebuild.code !== 0)
      failures.push(`rebuild exited ${rebuild.code}: ${rebuild.stderr.trim().slice(0, 300)}`);
    else if (!rebuild.stdout.includes('identical to before'))
      failures.push(`rebuild changed the projections: ${rebuild.stdout.trim()}`);
    return failures;
  }

  remove() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export class Server {
  constructor(
    readonly child: ChildProcess,
    readonly url: string,
    readonly tokens: Record<Actor, string>,
  ) {}

  post(as: Actor | null, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.url}/api/v1/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(as ? { authorization: `Bearer ${this.tokens[as]}` } : {}),
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  get(path: string): Promise<Response> {
    return fetch(`${this.url}${path}`);
  }

  async health(): Promise<Record<string, any>> {
    return (await this.get('/api/v1/health')).json() as Promise<Record<string, any>>;
  }

  kill9(): Promise<void> {
    return new Promise((done) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return done();
      this.child.once('exit', () => done());
      this.child.kill('SIGKILL');
    });
  }

  stop(): Promise<void> {
    return new Promise((done) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return done();
      this.child.once('exit', () => done());
      this.child.kill('SIGTERM');
    });
  }
}

/** A gift of `amount` fen from the drill donor to the charity, recorded by the charity. */
export const gift = (amount: number, note?: string) => ({
  type: 'donation',
  occurredAt,
  donor: 'donor',
  recipient: 'charity',
  money: { currency: 'CNY', amount },
  ...(note ? { note } : {}),
});

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

/** Runs `n` clients that each call `work` until `until` says stop; counts results per client. */
export async function clients<T>(
  n: number,
  work: (client: number, i: number) => Promise<T>,
  until: () => boolean,
) {
  const results: T[] = [];
  await Promise.all(
    Array.from({ length: n }, async (_, c) => {
      for (let i = 0; !until(); i++) results.push(await work(c, i));
    }),
  );
  return results;
}

/**
 * Configuration from the environment (the names are part of the contract):
 * DATABASE_URL, DATABASE_AUTH_TOKEN, HOST, PORT, AIDTRAIL_SIGNING_KEY, AIDTRAIL_SITE_REFRESH,
 * AIDTRAIL_READ_LIMIT, AIDTRAIL_WRITE_LIMIT, AIDTRAIL_TRUST_PROXY, AIDTRAIL_WITNESSES,
 * AIDTRAIL_WITNESS_QUORUM, AIDTRAIL_SITE_URL, AIDTRAIL_COMPLAINT_LIMIT.
 */
import { fileURLToPath } from 'node:url';
import { NoteError } from '../domain/merkle/index.ts';
import { invalid } from '../domain/problems.ts';
import { parseCosignerKey, type CosignerKey } from '../domain/witness/cosignature.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface Config {
  databaseUrl: string;
  databaseAuthToken?: string;
  /** Interface the server listens on: loopback unless told otherwise. */
  host: string;
  port: number;
  /** Public reads per minute per client address (0: unlimited). */
  readLimit: number;
  /** Events per minute per API token (0: unlimited). */
  writeLimit: number;
  /** Proxies whose X-Forwarded-For names the client (comma-separated addresses). */
  trustProxy: string[];
  signingKeyPath: string;
  /** Name of a new signing key, which is also the origin line of the log's checkpoints. */
  logOrigin: string;
  /** How often (seconds) the served site checks whether the log grew and rebuilds; 0 = never. */
  siteRefreshSeconds: number;
  /** Witnesses each new checkpoint is sent to: their submission URL and key. */
  witnesses: Array<{ url: string; key: CosignerKey }>;
  /** How many of them make a witnessed checkpoint (default: all). */
  witnessQuorum: number;
  /** The public address of the site, which custody labels' QR codes open (default: this server's). */
  siteUrl: string;
  /** Complaints an hour per client address (0: unlimited). */
  complaintLimit: number;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL ?? `file:${repoRoot}data/aidtrail.db`,
    databaseAuthToken: env.DATABASE_AUTH_TOKEN,
    host: env.HOST || '127.0.0.1',
    port: Number(env.PORT ?? 4321),
    readLimit: perMinute(env.AIDTRAIL_READ_LIMIT, 600, 'AIDTRAIL_READ_LIMIT'),
    writeLimit: perMinute(env.AIDTRAIL_WRITE_LIMIT, 600, 'AIDTRAIL_WRITE_LIMIT'),
    trustProxy: (env.AIDTRAIL_TRUST_PROXY ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    signingKeyPath: env.AIDTRAIL_SIGNING_KEY ?? `${repoRoot}data/aidtrail.key`,
    logOrigin: env.AIDTRAIL_LOG_ORIGIN ?? 'aidtrail.local/log',
    siteRefreshSeconds: Number(env.AIDTRAIL_SITE_REFRESH ?? 30),
    ...witnessesFrom(env.AIDTRAIL_WITNESSES, env.AIDTRAIL_WITNESS_QUORUM),
    siteUrl: env.AIDTRAIL_SITE_URL || `http://${env.HOST || '127.0.0.1'}:${Number(env.PORT ?? 4321)}`,
    complaintLimit: perMinute(env.AIDTRAIL_COMPLAINT_LIMIT, 10, 'AIDTRAIL_COMPLAINT_LIMIT', 'an hour'),
  };
}

/** `AIDTRAIL_WITNESSES`: comma-separated `URL VKEY` pairs; `AIDTRAIL_WITNESS_QUORUM`: 1 to their number. */
export function witnessesFrom(
  list: string | undefined,
  quorum: string | undefined,
): Pick<Config, 'witnesses' | 'witnessQuorum'> {
  const witnesses = (list ?? '')
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const [url, vkey, ...rest] = pair.split(/\s+/);
      if (!url || !vkey || rest.length || !/^https?:\/\/[^\s]+$/.test(url))
        throw invalid(
          'AIDTRAIL_WITNESSES',
          `"${pair}" is not "URL VKEY" (an http(s) URL, a space, a witness vkey)`,
        );
      try {
        return { url: url.replace(/\/+$/, ''), key: parseCosignerKey(vkey) };
      } catch (e) {
        if (e instanceof NoteError) throw invalid('AIDTRAIL_WITNESSES', `${vkey}: ${e.message}`);
        throw e;
      }
    });
  if (quorum === undefined || quorum === '') return { witnesses, witnessQuorum: witnesses.length };
  const n = Number(quorum);
  if (!Number.isSafeInteger(n) || n < 1 || n > witnesses.length)
    throw invalid(
      'AIDTRAIL_WITNESS_QUORUM',
      `a number of witnesses from 1 to the ${witnesses.length} in AIDTRAIL_WITNESSES, not "${quorum}"`,
    );
  return { witnesses, witnessQuorum: n };
}

function perMinute(value: string | undefined, fallback: number, name: string, per = 'a minute'): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw invalid(name, `a whole number of requests ${per} (0: unlimited), not "${value}"`);
  return n;
}

/**
 * Configuration from the environment (the names are part of the contract):
 * DATABASE_URL, DATABASE_AUTH_TOKEN, PORT, AIDTRAIL_SIGNING_KEY, AIDTRAIL_SITE_REFRESH.
 */
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface Config {
  databaseUrl: string;
  databaseAuthToken?: string;
  port: number;
  signingKeyPath: string;
  /** Name of a new signing key, which is also the origin line of the log's checkpoints. */
  logOrigin: string;
  /** How often (seconds) the served site checks whether the log grew and rebuilds; 0 = never. */
  siteRefreshSeconds: number;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL ?? `file:${repoRoot}data/aidtrail.db`,
    databaseAuthToken: env.DATABASE_AUTH_TOKEN,
    port: Number(env.PORT ?? 4321),
    signingKeyPath: env.AIDTRAIL_SIGNING_KEY ?? `${repoRoot}data/aidtrail.key`,
    logOrigin: env.AIDTRAIL_LOG_ORIGIN ?? 'aidtrail.local/log',
    siteRefreshSeconds: Number(env.AIDTRAIL_SITE_REFRESH ?? 30),
  };
}

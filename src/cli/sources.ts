/**
 * The one place that reads the environment and the config file. Order, later winning: defaults,
 * `<data>/kith.json`, environment (KITH_*), command-line flags.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveConfig, type Config } from '../core/config.js';
import { InvalidInputError } from '../core/errors.js';

export interface GlobalFlags {
  data?: string;
  port?: number;
  host?: string;
  p2pPort?: number;
  p2pHost?: string;
  s3Port?: number;
  logLevel?: string;
  logRequests?: boolean;
}

export function dataDirFrom(flags: GlobalFlags, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flags.data ?? env.KITH_DATA ?? './data');
}

export function loadConfig(flags: GlobalFlags, env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = dataDirFrom(flags, env);
  return resolveConfig(
    readConfigFile(join(dataDir, 'kith.json')),
    {
      dataDir,
      http: { host: env.KITH_HOST, port: env.KITH_PORT === undefined ? undefined : Number(env.KITH_PORT), logRequests: envSwitch(env.KITH_LOG_REQUESTS) },
      s3: { port: env.KITH_S3_PORT === undefined ? undefined : Number(env.KITH_S3_PORT) },
      p2p: {
        host: env.KITH_P2P_HOST,
        port: env.KITH_P2P_PORT === undefined ? undefined : Number(env.KITH_P2P_PORT),
        mdns: envSwitch(env.KITH_P2P_MDNS),
        upnp: envSwitch(env.KITH_P2P_UPNP),
        listen: envSwitch(env.KITH_P2P_LISTEN),
        relay: envSwitch(env.KITH_P2P_RELAY),
      },
      log: { level: env.KITH_LOG_LEVEL },
    },
    { http: { host: flags.host, port: flags.port, logRequests: flags.logRequests }, s3: { port: flags.s3Port }, p2p: { host: flags.p2pHost, port: flags.p2pPort }, log: { level: flags.logLevel } },
  );
}

/** on/off, true/false, 1/0, yes/no; anything else is passed on for the config check to refuse. */
function envSwitch(value: string | undefined): boolean | string | undefined {
  if (value === undefined) return undefined;
  const lower = value.trim().toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(lower)) return true;
  if (['0', 'false', 'off', 'no'].includes(lower)) return false;
  return value;
}

function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InvalidInputError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Where to reach a node and with what secret: KITH_URL + KITH_TOKEN, else the data directory. */
export function remoteFromEnv(env: NodeJS.ProcessEnv = process.env): { url: string; token: string; user?: string } | undefined {
  if (!env.KITH_URL) return undefined;
  if (!env.KITH_TOKEN) throw new InvalidInputError('KITH_URL is set but KITH_TOKEN is not');
  return { url: env.KITH_URL.replace(/\/+$/, ''), token: env.KITH_TOKEN, user: env.KITH_USER };
}

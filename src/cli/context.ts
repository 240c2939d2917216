import type { Command } from 'commander';
import { KithClient } from './client.js';
import { dataDirFrom, type GlobalFlags } from './sources.js';

export interface CommandFlags extends GlobalFlags {
  json?: boolean;
}

export function flagsOf(cmd: Command): CommandFlags {
  return cmd.optsWithGlobals<CommandFlags>();
}

export function clientFor(cmd: Command): Promise<KithClient> {
  return KithClient.connect(dataDirFrom(flagsOf(cmd)));
}

/** Reads a secret from standard input (first line), so that it never shows in `ps` or shell history. */
export async function readSecretFromStdin(): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of process.stdin) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8').split(/\r?\n/)[0] ?? '';
}

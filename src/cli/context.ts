import type { Command } from 'commander';
import { InvalidInputError } from '../core/errors.js';
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
/** A password from standard input, for commands given --password-stdin (never as an argument). */
export async function passwordFromStdin(flag: boolean | undefined): Promise<string> {
  if (!flag) throw new InvalidInputError('give the password on standard input with --password-stdin (never as an argument)');
  const password = await readSecretFromStdin();
  if (password === '') throw new InvalidInputError('no password on standard input');
  return password;
}

export async function readSecretFromStdin(): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of process.stdin) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8').split(/\r?\n/)[0] ?? '';
}

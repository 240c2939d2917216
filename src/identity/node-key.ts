/**
 * The node's identity: an Ed25519 key pair kept in the data directory (mode 0600). Its node id is
 * the libp2p peer id of the public key ("12D3KooW…"), and the same key is the node's libp2p
 * identity, so a node id alone is enough to check the node's signatures.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { publicKeyFromRaw } from '@libp2p/crypto/keys';
import { peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id';

export interface NodeKey {
  readonly nodeId: string;
  readonly publicKey: Buffer;
  sign(data: Uint8Array): Buffer;
  /** The 32-byte Ed25519 seed, for handing the same key to libp2p. Never leaves the process. */
  seed(): Buffer;
}

const KEY_FILE = 'node.key';

export async function loadOrCreateNodeKey(dataDir: string): Promise<NodeKey> {
  const file = join(dataDir, KEY_FILE);
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    // 'wx': never overwrite a key another process just wrote.
    await writeFile(file, pem, { mode: 0o600, flag: 'wx' });
  }
  return nodeKeyFrom(createPrivateKey(pem));
}

function nodeKeyFrom(privateKey: KeyObject): NodeKey {
  const jwk = privateKey.export({ format: 'jwk' });
  const publicKey = Buffer.from(jwk.x!, 'base64url');
  return {
    nodeId: peerIdOf(publicKey),
    publicKey,
    sign: (data) => sign(null, data, privateKey),
    seed: () => Buffer.from(jwk.d!, 'base64url'),
  };
}

/**
 * Whether `signature` is the signature of `data` by the node `signer`. Parsed keys are kept: a
 * network has few signers, and parsing a node id and its key costs about as much as verifying.
 */
export function verifyBySigner(signer: string, data: Uint8Array, signature: Uint8Array): boolean {
  let key = verifyingKeys.get(signer);
  if (key === undefined) {
    const publicKey = publicKeyOf(signer);
    key = publicKey === undefined ? null : createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey.toString('base64url') }, format: 'jwk' });
    // Bounded: ids from a flood of forged records must not grow it without end.
    if (verifyingKeys.size >= MAX_VERIFYING_KEYS) verifyingKeys.clear();
    verifyingKeys.set(signer, key);
  }
  return key !== null && verify(null, data, key, signature);
}

const verifyingKeys = new Map<string, KeyObject | null>();
const MAX_VERIFYING_KEYS = 4096;

/** libp2p peer id of an Ed25519 public key. */
export function peerIdOf(publicKey: Buffer): string {
  return peerIdFromPublicKey(publicKeyFromRaw(publicKey)).toString();
}

/** The Ed25519 public key a node id carries, or undefined if it is not an Ed25519 peer id. */
export function publicKeyOf(nodeId: string): Buffer | undefined {
  try {
    const key = peerIdFromString(nodeId).publicKey;
    return key?.type === 'Ed25519' ? Buffer.from(key.raw) : undefined;
  } catch {
    return undefined;
  }
}

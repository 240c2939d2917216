/**
 * The node's identity: an Ed25519 key pair kept in the data directory (mode 0600). Its node id is
 * the libp2p peer id of the public key, so the same key later identifies the node on the network.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { base58btc } from './base58.js';

export interface NodeKey {
  readonly nodeId: string;
  readonly publicKey: Buffer;
  sign(data: Uint8Array): Buffer;
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
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const publicKey = Buffer.from(jwk.x!, 'base64url');
  return {
    nodeId: peerIdOf(publicKey),
    publicKey,
    sign: (data) => sign(null, data, privateKey),
  };
}

export function verifySignature(publicKey: Buffer, data: Uint8Array, signature: Uint8Array): boolean {
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey.toString('base64url') }, format: 'jwk' });
  return verify(null, data, key, signature);
}

/**
 * libp2p peer id of an Ed25519 public key: the identity multihash (0x00, length) of the protobuf
 * PublicKey message {Type: Ed25519 = 1, Data: key}, in base58btc ("12D3KooW…").
 */
export function peerIdOf(publicKey: Buffer): string {
  const protobuf = Buffer.concat([Buffer.from([0x08, 0x01, 0x12, publicKey.length]), publicKey]);
  return base58btc(Buffer.concat([Buffer.from([0x00, protobuf.length]), protobuf]));
}

import { describe, expect, it } from 'vitest';
import { isJoinProof, joinProof, PasswordLoginClient, PasswordLoginServer, registerNetworkPassword } from './network-password.js';

const NETWORK = 'kn1networkid';

/** One login between a joiner and a gateway; the session keys, or undefined where a side refused. */
async function login(password: string, registered: Awaited<ReturnType<typeof registerNetworkPassword>> | undefined) {
  const client = await PasswordLoginClient.start(password);
  const server = await PasswordLoginServer.start(registered === undefined ? undefined : { password: registered, networkId: NETWORK }, 'hideout', client.request);
  const finished = client.finish(server.response);
  return { client: finished?.sessionKey, server: finished === undefined ? undefined : server.finish(finished.finishRequest) };
}

describe('network password (OPAQUE)', () => {
  it('gives both sides the same session key only with the right password', async () => {
    const registered = await registerNetworkPassword('otter lantern quietly folds', NETWORK);
    expect(JSON.stringify(registered)).not.toContain('otter');
    const right = await login('otter lantern quietly folds', registered);
    expect(right.client).toBeDefined();
    expect(right.server).toBe(right.client);
    expect(await login('otter lantern quietly fold', registered)).toEqual({ client: undefined, server: undefined });
  });

  it('answers a login for a network it holds no password for with a decoy the joiner refuses', async () => {
    expect(await login('otter lantern quietly folds', undefined)).toEqual({ client: undefined, server: undefined });
  });

  it('binds the proof to both node ids, so a relaying node cannot use it', () => {
    const key = Buffer.alloc(64, 7).toString('base64url');
    const proof = joinProof(key, 'joiner', 'gateway');
    expect(isJoinProof(proof, key, 'joiner', 'gateway')).toBe(true);
    expect(isJoinProof(proof, key, 'relay', 'gateway')).toBe(false);
    expect(isJoinProof(proof, key, 'joiner', 'relay')).toBe(false);
    expect(isJoinProof(proof, Buffer.alloc(64, 8).toString('base64url'), 'joiner', 'gateway')).toBe(false);
  });
});

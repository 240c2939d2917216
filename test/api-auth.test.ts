import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, expectError, startTestNode, STRONG_PASSWORD, type TestNode } from './helpers/in-process-node.js';

let t: TestNode;
beforeAll(async () => {
  t = await startTestNode({ auth: { loginAttempts: 3, loginWindowSeconds: 60 } });
});
afterAll(() => t.stop());

function setupTokenFrom(url: string | undefined): string {
  if (!url) throw new Error('expected a setup URL');
  return new URL(url).hash.replace('#token=', '');
}

describe('first run', () => {
  it('refuses a weak password, then creates the admin with a strong one and signs them in', async () => {
    expect(await (await t.api('/setup', { token: null })).json()).toEqual({ needed: true });
    const token = setupTokenFrom(t.node.setupUrl);
    const weak = await t.api('/setup', { method: 'POST', token: null, json: { token, name: 'root', password: 'password123' } });
    const why = await expectError(weak, 400, 'E_WEAK_PASSWORD');
    expect(why).toMatch(/too weak/);
    const wrongToken = await t.api('/setup', { method: 'POST', token: null, json: { token: 'kith_setup_nope', name: 'root', password: STRONG_PASSWORD } });
    await expectError(wrongToken, 401, 'E_UNAUTHORIZED');
    const ok = await t.api('/setup', { method: 'POST', token: null, json: { token, name: 'root', password: STRONG_PASSWORD } });
    expect(ok.status).toBe(201);
    const cookie = ok.headers.get('set-cookie')!;
    expect(cookie).toMatch(/kith_session=kith_s_/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await t.api('/me', { token: null, headers: { cookie: cookie.split(';')[0]! } });
    expect(((await me.json()) as { user: { name: string; role: string } }).user).toMatchObject({ name: 'root', role: 'admin' });
    const again = await t.api('/setup', { method: 'POST', token: null, json: { token, name: 'root2', password: STRONG_PASSWORD } });
    await expectError(again, 409, 'E_CONFLICT');
  });
});

describe('login and sessions', () => {
  it('logs in, lists and revokes sessions, and logs out', async () => {
    await addUser(t, 'bob');
    const login = await t.api('/login', { method: 'POST', token: null, json: { name: 'bob', password: STRONG_PASSWORD, remember: true }, headers: { 'user-agent': 'test-agent' } });
    expect(login.status).toBe(200);
    const setCookie = login.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/Expires=/);
    const cookie = setCookie.split(';')[0]!;
    const sessions = (await (await t.api('/me/sessions', { token: null, headers: { cookie } })).json()) as { sessions: { id: number; current: boolean; userAgent: string }[] };
    expect(sessions.sessions).toHaveLength(1);
    expect(sessions.sessions[0]).toMatchObject({ current: true, userAgent: 'test-agent' });
    expect((await t.api('/logout', { method: 'POST', token: null, headers: { cookie } })).status).toBe(204);
    await expectError(await t.api('/me', { token: null, headers: { cookie } }), 401, 'E_UNAUTHORIZED');
  });

  it('sweeps expired sessions from the database', async () => {
    const user = t.node.meta.users.byName('bob')!;
    const past = Date.now() - 1000;
    await t.node.meta.commit(() =>
      t.node.meta.sessions.insert(Buffer.alloc(32, 9), { userId: user.id, createdAt: past, expiresAt: past, lastSeenAt: past, userAgent: undefined, address: undefined }),
    );
    expect(await t.node.auth.credentials.purgeExpiredSessions()).toBe(1);
    expect(await t.node.auth.credentials.purgeExpiredSessions()).toBe(0);
  });

  it('refuses cookie-authenticated changes from another origin', async () => {
    const login = await t.api('/login', { method: 'POST', token: null, json: { name: 'bob', password: STRONG_PASSWORD } });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const evil = await t.api('/pools', { method: 'POST', token: null, json: { name: 'evil-pool' }, headers: { cookie, origin: 'https://evil.example' } });
    await expectError(evil, 403, 'E_FORBIDDEN');
    const same = await t.api('/pools', { method: 'POST', token: null, json: { name: 'bobs-pool' }, headers: { cookie, origin: t.url } });
    expect(same.status).toBe(201);
  });

  it('rate-limits failed logins per user name, with Retry-After', async () => {
    for (let i = 0; i < 3; i++) {
      await expectError(await t.api('/login', { method: 'POST', token: null, json: { name: 'carol', password: `wrong${i}` } }), 401, 'E_UNAUTHORIZED');
    }
    const limited = await t.api('/login', { method: 'POST', token: null, json: { name: 'carol', password: 'whatever' } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    await expectError(limited, 429, 'E_RATE_LIMITED');
  });
});

describe('tokens and access', () => {
  it('a token works as Bearer and as Basic with its user name, and stops working once revoked', async () => {
    const token = await addUser(t, 'dave');
    expect((await t.api('/me', { token })).status).toBe(200);
    const basic = `Basic ${Buffer.from(`dave:${token}`).toString('base64')}`;
    expect((await t.api('/me', { token: null, headers: { authorization: basic } })).status).toBe(200);
    const wrongUser = `Basic ${Buffer.from(`bob:${token}`).toString('base64')}`;
    await expectError(await t.api('/me', { token: null, headers: { authorization: wrongUser } }), 401, 'E_UNAUTHORIZED');
    const { tokens } = (await (await t.api('/me/tokens', { token })).json()) as { tokens: { id: number; label: string }[] };
    expect(tokens.map((x) => x.label)).toEqual(['test']);
    expect((await t.api(`/me/tokens/${tokens[0]!.id}`, { method: 'DELETE', token })).status).toBe(204);
    await expectError(await t.api('/me', { token }), 401, 'E_UNAUTHORIZED');
  });

  it('a user sees only their own pools; another user\'s pool is "not found"', async () => {
    const erin = await addUser(t, 'erin');
    const frank = await addUser(t, 'frank');
    expect((await t.api('/pools', { method: 'POST', token: erin, json: { name: 'erin-private' } })).status).toBe(201);
    const frankPools = (await (await t.api('/pools', { token: frank })).json()) as { pools: { name: string }[] };
    expect(frankPools.pools.map((p) => p.name)).toEqual(['home-frank']);
    await expectError(await t.api('/pools/erin-private/files', { token: frank }), 404, 'E_NOT_FOUND');
    await expectError(await t.api('/pools/erin-private/content/x.txt', { method: 'PUT', token: frank, body: 'x' }), 404, 'E_NOT_FOUND');
    await expectError(await t.api('/users', { token: frank }), 403, 'E_FORBIDDEN');
  });

  it('enforces quota on uploads and frees it on delete', async () => {
    const token = await addUser(t, 'gina', { quotaBytes: 1000 });
    const put = (path: string, size: number) => t.api(`/pools/home-gina/content/${path}`, { method: 'PUT', token, body: Buffer.alloc(size, 7) });
    expect((await put('a.bin', 600)).status).toBe(201);
    await expectError(await put('b.bin', 600), 507, 'E_QUOTA');
    expect((await t.api('/pools/home-gina/files/b.bin', { token })).status).toBe(404);
    expect((await t.api('/pools/home-gina/files/a.bin', { method: 'DELETE', token })).status).toBe(200);
    expect((await put('b.bin', 600)).status).toBe(201);
    const me = (await (await t.api('/me', { token })).json()) as { user: { usedBytes: number; trashBytes: number } };
    expect(me.user).toMatchObject({ usedBytes: 600, trashBytes: 600 });
  });

  it('keeps the last administrator', async () => {
    await expectError(await t.api('/users/root', { method: 'PATCH', json: { role: 'user' } }), 409, 'E_CONFLICT');
    await expectError(await t.api('/users/root', { method: 'DELETE' }), 409, 'E_CONFLICT');
  });

  it('a new password ends existing sessions', async () => {
    const login = await t.api('/login', { method: 'POST', token: null, json: { name: 'erin', password: STRONG_PASSWORD } });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect((await t.api('/users/erin/password', { method: 'PUT', json: { password: `${STRONG_PASSWORD} again` } })).status).toBe(204);
    await expectError(await t.api('/me', { token: null, headers: { cookie } }), 401, 'E_UNAUTHORIZED');
  });
});

describe('documentation', () => {
  it('serves an OpenAPI description that covers the routes', async () => {
    const doc = (await (await t.api('/openapi.json', { token: null })).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/api/v1/pools', '/api/v1/pools/{pool}/content/{*}', '/api/v1/users', '/api/v1/login', '/api/v1/pools/{pool}/trash']) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ ok: true });
  });
});

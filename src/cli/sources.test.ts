import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './sources.js';

describe('loadConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kith-config-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds members on the LAN and asks the router for a port unless told not to', () => {
    expect(loadConfig({ data: dir }, {}).p2p).toMatchObject({ mdns: true, upnp: true });
    expect(loadConfig({ data: dir }, { KITH_P2P_MDNS: 'off', KITH_P2P_UPNP: '0' }).p2p).toMatchObject({ mdns: false, upnp: false });
    expect(loadConfig({ data: dir }, { KITH_P2P_MDNS: 'Yes', KITH_P2P_UPNP: 'true' }).p2p).toMatchObject({ mdns: true, upnp: true });
  });

  it('logs requests only when asked, by flag or environment', () => {
    expect(loadConfig({ data: dir }, {}).http.logRequests).toBe(false);
    expect(loadConfig({ data: dir }, { KITH_LOG_REQUESTS: '1' }).http.logRequests).toBe(true);
    expect(loadConfig({ data: dir, logRequests: true }, {}).http.logRequests).toBe(true);
    expect(() => loadConfig({ data: dir }, { KITH_LOG_REQUESTS: 'sometimes' })).toThrow(/http\.logRequests/);
  });

  it('refuses a switch that is neither on nor off, naming it', () => {
    expect(() => loadConfig({ data: dir }, { KITH_P2P_UPNP: 'maybe' })).toThrow(/p2p\.upnp/);
  });
});

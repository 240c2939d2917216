/**
 * Joining a hidden network with its name and password, across real processes: through the
 * founder's address, and through a second gateway that only got the password's registration by
 * gossip. Wrong names and wrong passwords get the same answer, and guessing is limited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, kith, removeDir, startDaemon, type Daemon } from './helpers/daemon.js';
import { LOOPBACK_P2P } from './helpers/loopback.js';
import { invite, status, untilConnected } from './helpers/network.js';

const PASSWORD = 'otter lantern quietly folds the map';

describe('joining by network name and password', () => {
  const daemons: Daemon[] = [];
  let home: Daemon;
  let homePort: number;

  const start = async (p2pPort?: number) => {
    const daemon = await startDaemon(undefined, { p2pPort });
    daemons.push(daemon);
    return daemon;
  };
  const joinByPassword = (daemon: Daemon, name: string, port: number, password: string) =>
    kith(['--data', daemon.dataDir, 'join', '--network', name, '--gateway', `${LOOPBACK_P2P.host}:${port}`, '--password-stdin'], { stdin: `${password}\n` });

  beforeAll(async () => {
    homePort = await freePort();
    home = await start(homePort);
    const created = await kith(['--data', home.dataDir, 'network', 'create', 'hideout']);
    expect(created.code, created.stderr).toBe(0);
  });

  afterAll(async () => {
    for (const daemon of daemons) {
      await daemon.stop();
      await removeDir(daemon.dataDir);
    }
  });

  it('refuses a weak network password and says why', async () => {
    const weak = await kith(['--data', home.dataDir, 'network', 'password', '--password-stdin'], { stdin: 'hideout123\n' });
    expect(weak.code).toBe(6);
    expect(weak.stderr).toMatch(/password/i);
  });

  it('admits a node that knows the name and the password, and refuses one that does not, alike', async () => {
    const set = await kith(['--data', home.dataDir, 'network', 'password', '--password-stdin', '--uses', '5'], { stdin: `${PASSWORD}\n` });
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/network password set for a node, 5 use\(s\)/);

    const parents = await start();
    const wrongPassword = await joinByPassword(parents, 'hideout', homePort, 'otter lantern quietly folds the mop');
    const wrongName = await joinByPassword(parents, 'hideaway', homePort, PASSWORD);
    for (const refused of [wrongPassword, wrongName]) {
      expect(refused.code, refused.stdout).toBe(5);
      expect(refused.stderr).toMatch(/wrong network name or password/);
    }
    expect((await status(parents)).network).toBeNull();

    const joined = await joinByPassword(parents, 'hideout', homePort, PASSWORD);
    expect(joined.code, joined.stderr).toBe(0);
    expect(joined.stdout).toMatch(/joined network hideout .* as a node/);
    const homeStatus = await untilConnected(home, (await status(parents)).nodeId);
    await untilConnected(parents, homeStatus.nodeId);
    // The password never reached the gateway, not even in its logs.
    expect(home.output()).not.toContain(PASSWORD);
  });

  it('admits through a second gateway that got the password only by gossip', async () => {
    const gatewayPort = await freePort();
    const gateway = await start(gatewayPort);
    const code = await invite(home, '--role', 'gateway');
    const joined = await kith(['--data', gateway.dataDir, 'join', code]);
    expect(joined.code, joined.stderr).toBe(0);
    const homeId = (await status(home)).nodeId;
    await untilConnected(gateway, homeId);

    // The founder hands the password's registration to the new gateway once they are connected.
    const friend = await start();
    let viaGateway = await joinByPassword(friend, 'hideout', gatewayPort, PASSWORD);
    for (let attempt = 0; attempt < 5 && viaGateway.code !== 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      viaGateway = await joinByPassword(friend, 'hideout', gatewayPort, PASSWORD);
    }
    expect(viaGateway.code, viaGateway.stderr).toBe(0);
    expect(viaGateway.stdout).toContain(`through gateway ${(await status(gateway)).nodeId}`);
    await untilConnected(home, (await status(friend)).nodeId);
  });

  it('stops answering an address that keeps guessing', async () => {
    const guesser = await start();
    let last = await joinByPassword(guesser, 'hideout', homePort, 'not the password at all');
    for (let guess = 0; guess < 12 && !/too many wrong passwords/.test(last.stderr); guess++) {
      expect(last.stderr).toMatch(/wrong network name or password/);
      last = await joinByPassword(guesser, 'hideout', homePort, `guess number ${guess} of many`);
    }
    expect(last.code).toBe(5);
    expect(last.stderr).toMatch(/too many wrong passwords from this address; try again in \d+ s/);
  });
});

/** `kith network create|status|password|revoke|invites|revoke-invite`, `kith role set`, `kith invite`, `kith join`, `kith limits`. */
import type { Command } from 'commander';
import { InvalidInputError } from '../../core/errors.js';
import type { BlockedNode, NetworkStatus, RoleChange } from '../../net/index.js';
import type { PoolReplication } from '../../sync/index.js';
import { clientFor, flagsOf, passwordFromStdin } from '../context.js';
import { humanBytes, printJson, printTable } from '../output.js';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 7 * 86400 };

/** "7d", "12h", "30m", "never" → seconds (0 = never). */
export function parseDuration(text: string): number {
  if (text === 'never') return 0;
  const match = /^(\d+)([smhdw])$/.exec(text.trim());
  if (match === null) throw new InvalidInputError(`duration must look like 30m, 12h, 7d, 2w or "never", not "${text}"`);
  return Number(match[1]) * UNIT_SECONDS[match[2]!]!;
}

const RATE_UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** "1MB", "500KiB", "2.5mb", "0" or "unlimited" → bytes per second (0 = unlimited). */
export function parseRate(text: string): number {
  if (text === 'unlimited') return 0;
  const bytes = bytesOf(text.trim().replace(/\/s$/i, ''));
  if (bytes === undefined) throw new InvalidInputError(`rate must look like 500KB, 1MB, 2MiB (per second), 0 or "unlimited", not "${text}"`);
  return bytes;
}

/** "100MB", "2GiB", "500kb" → bytes. */
export function parseSize(text: string): number {
  const bytes = bytesOf(text.trim());
  if (bytes === undefined || bytes === 0) throw new InvalidInputError(`size must look like 500KB, 100MB or 2GiB, not "${text}"`);
  return bytes;
}

function bytesOf(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?$/i.exec(text);
  return match === null ? undefined : Math.round(Number(match[1]) * RATE_UNITS[(match[2] ?? 'b').toLowerCase()]!);
}

interface InviteView {
  id: string;
  role: string;
  state: string;
  uses: number;
  usesLeft: number;
  expiresAt?: string;
}

interface RateLimits {
  uploadBytesPerSecond: number;
  downloadBytesPerSecond: number;
}

export function registerNetworkCommands(program: Command): void {
  program
    .command('limits')
    .description('show or change the byte rates of content sent to and received from peers, and see the traffic')
    .option('--up <rate>', 'upload limit, e.g. 1MB (per second), or "unlimited"')
    .option('--down <rate>', 'download limit, e.g. 10MB (per second), or "unlimited"')
    .action(async (opts: { up?: string; down?: string }, cmd: Command) => {
      const client = await clientFor(cmd);
      const change = { uploadBytesPerSecond: opts.up === undefined ? undefined : parseRate(opts.up), downloadBytesPerSecond: opts.down === undefined ? undefined : parseRate(opts.down) };
      const limits = opts.up === undefined && opts.down === undefined ? await client.json<RateLimits>('GET', '/network/limits') : await client.json<RateLimits>('PATCH', '/network/limits', change);
      const traffic = await client.json<Record<'upload' | 'download', { bytesPerSecond: number; totalBytes: number }>>('GET', '/network/traffic');
      if (flagsOf(cmd).json) return printJson({ ...limits, traffic });
      const show = (rate: number, now: { bytesPerSecond: number; totalBytes: number }) =>
        `${rate === 0 ? 'unlimited' : `${humanBytes(rate)}/s`}  (now ${humanBytes(now.bytesPerSecond)}/s, ${humanBytes(now.totalBytes)} since start)`;
      process.stdout.write(`upload    ${show(limits.uploadBytesPerSecond, traffic.upload)}\ndownload  ${show(limits.downloadBytesPerSecond, traffic.download)}\n`);
    });

  const network = program.command('network').description('the network of nodes this one belongs to');

  network
    .command('create <name>')
    .description('found a network: this node becomes its founder, an admin and its first gateway')
    .option('--public-address <host:port>', 'the address other homes reach this node at (default: its listen addresses)')
    .action(async (name: string, opts: { publicAddress?: string }, cmd: Command) => {
      const status = await (await clientFor(cmd)).json<NetworkStatus>('POST', '/network', { name, publicAddress: opts.publicAddress });
      if (flagsOf(cmd).json) return printJson(status);
      process.stdout.write(`founded network ${status.network?.name} (${status.network?.id})\nthis node is its gateway: ${status.network?.gateways[0]?.addrs.join(' ')}\n`);
    });

  network
    .command('status')
    .description('the network, its gateways and members')
    .action(async (_opts, cmd: Command) => printNetwork(await (await clientFor(cmd)).json<NetworkView>('GET', '/network'), flagsOf(cmd).json));

  network
    .command('password')
    .description("set the network's password: a node that knows the network's name and it can join through any gateway")
    .option('--password-stdin', 'read the password from standard input')
    .option('--role <role>', 'gateway, node or client', 'node')
    .option('--expires <duration>', 'valid for 30m, 12h, 7d, 2w … or "never"', '30d')
    .option('--uses <n>', 'how many nodes may join with it', (v) => Number(v), 100)
    .action(async (opts: { passwordStdin?: boolean; role: string; expires: string; uses: number }, cmd: Command) => {
      const body = { password: await passwordFromStdin(opts.passwordStdin), role: opts.role, expiresInSeconds: parseDuration(opts.expires), uses: opts.uses };
      const set = await (await clientFor(cmd)).json<{ expiresAt: number; publishedTo: number }>('PUT', '/network/password', body);
      if (flagsOf(cmd).json) return printJson(set);
      const until = set.expiresAt === 0 ? 'never expires' : `valid until ${new Date(set.expiresAt).toISOString()}`;
      process.stdout.write(`network password set for a ${opts.role}, ${opts.uses} use(s), ${until}\npublished to ${set.publishedTo} other gateway(s) now connected (others get it when they connect)\n`);
    });

  network
    .command('revoke <node>')
    .description('revoke a member (admins only): every member refuses it from now on')
    .action(async (node: string, _opts, cmd: Command) => {
      await (await clientFor(cmd)).json('POST', `/network/members/${encodeURIComponent(node)}/revoke`);
      if (!flagsOf(cmd).json) process.stdout.write(`revoked ${node}\n`);
    });

  network
    .command('invites')
    .description('the invites this node holds, newest first, and what is left of each (admins only)')
    .action(async (_opts, cmd: Command) => {
      const { items } = await (await clientFor(cmd)).json<{ items: InviteView[] }>('GET', '/network/invites');
      if (flagsOf(cmd).json) return printJson(items);
      if (items.length === 0) return void process.stdout.write('no invites\n');
      printTable([['ID', 'ROLE', 'STATE', 'USES LEFT', 'EXPIRES'], ...items.map((i) => [i.id, i.role, i.state, `${i.usesLeft} of ${i.uses}`, i.expiresAt ?? 'never'])]);
    });

  network
    .command('revoke-invite <id>')
    .description('revoke an invite (admins only): refused here at once, and by every gateway once the revocation reaches it')
    .action(async (id: string, _opts, cmd: Command) => {
      const revoked = await (await clientFor(cmd)).json<{ publishedTo: number }>('DELETE', `/network/invites/${encodeURIComponent(id)}`);
      if (flagsOf(cmd).json) return printJson(revoked);
      process.stdout.write(`revoked invite ${id}\npublished to ${revoked.publishedTo} other gateway(s) now connected (others get it when they connect)\n`);
    });

  network
    .command('unblock <node>')
    .description('lift the block a gateway put on a node for sending corrupt data (admins only)')
    .action(async (node: string, _opts, cmd: Command) => {
      await (await clientFor(cmd)).json('POST', `/network/members/${encodeURIComponent(node)}/unblock`);
      if (!flagsOf(cmd).json) process.stdout.write(`lifted the block on ${node}\n`);
    });

  program
    .command('role')
    .description('roles in the network: gateway, node or client')
    .command('set <role>')
    .description('ask for a role (any member steps down at once; stepping up needs an admin\'s consent), or on an admin, allow another member a role with --node')
    .option('--public-address <host:port>', 'the address other homes reach this node at (for a gateway)')
    .option('--node <node>', 'on an admin node: the member whose role to set')
    .action(async (role: string, opts: { publicAddress?: string; node?: string }, cmd: Command) => {
      const change = await (await clientFor(cmd)).json<RoleChange>('PATCH', '/network/role', { role, node: opts.node, publicAddress: opts.publicAddress });
      if (flagsOf(cmd).json) return printJson(change);
      process.stdout.write(`${roleChangeLine(change)}\n`);
    });

  program
    .command('invite')
    .description('issue an invite code for another node (printed alone on the last line)')
    .option('--role <role>', 'gateway, node or client', 'node')
    .option('--expires <duration>', 'valid for 30m, 12h, 7d, 2w … or "never"', '7d')
    .option('--uses <n>', 'how many nodes may join with it', (v) => Number(v), 1)
    .action(async (opts: { role: string; expires: string; uses: number }, cmd: Command) => {
      const body = { role: opts.role, expiresInSeconds: parseDuration(opts.expires), uses: opts.uses };
      const invite = await (await clientFor(cmd)).json<{ code: string; url: string; expiresAt: number; publishedTo: number }>('POST', '/network/invites', body);
      if (flagsOf(cmd).json) return printJson(invite);
      const until = invite.expiresAt === 0 ? 'never expires' : `valid until ${new Date(invite.expiresAt).toISOString()}`;
      const published = `published to ${invite.publishedTo} other gateway(s) now connected (others get it when they connect)`;
      process.stdout.write(`invite for a ${opts.role}, ${opts.uses} use(s), ${until}\n${published}\nas a link: ${invite.url}\n\n${invite.code}\n`);
    });

  program
    .command('join [code]')
    .description("join a network with an invite code, or with the network's name and password through a gateway")
    .option('--network <name>', "the network's name (with --gateway and --password-stdin, instead of a code)")
    .option('--gateway <host:port>', "the address of any of the network's gateways")
    .option('--password-stdin', "read the network's password from standard input")
    .action(async (code: string | undefined, opts: { network?: string; gateway?: string; passwordStdin?: boolean }, cmd: Command) => {
      const status = await (await clientFor(cmd)).json<NetworkStatus & { via: string }>('POST', '/network/join', await joinRequest(code, opts));
      if (flagsOf(cmd).json) return printJson(status);
      process.stdout.write(`joined network ${status.network?.name} (${status.network?.id}) as a ${status.network?.role} through gateway ${status.via}\n`);
    });
}

async function joinRequest(code: string | undefined, opts: { network?: string; gateway?: string; passwordStdin?: boolean }): Promise<object> {
  if (code !== undefined) return { code };
  if (opts.network === undefined || opts.gateway === undefined) throw new InvalidInputError('give an invite code, or --network NAME --gateway HOST:PORT --password-stdin');
  return { network: opts.network, gateway: opts.gateway, password: await passwordFromStdin(opts.passwordStdin) };
}

function roleChangeLine(change: RoleChange): string {
  const line = change.was === change.role ? `role of ${change.node}: ${change.role} (unchanged)` : `role of ${change.node}: ${change.was} -> ${change.role}`;
  if (change.pending === undefined) return line;
  return `${line}\nasked for ${change.pending}: pending until an admin allows it (kith role set ${change.pending} --node ${change.node}, on an admin node)`;
}

/** One line per pool this node holds: complete copies against the target, and who holds it. */
export function replicationLines(pools: PoolReplication[]): string[] {
  return pools.map((p) => {
    const target = p.copies === undefined ? '' : ` of ${p.copies}`;
    const state = p.syncing ? 'syncing' : p.belowTarget ? 'BELOW TARGET' : 'ok';
    const holders = p.holders.map((h) => `${h.node.slice(-6)}${h.complete ? '' : ' (behind)'}${h.connected ? '' : ' (away)'}`).join(', ');
    return `pool      ${p.pool}: ${p.subscription}, ${p.completeCopies}${target} complete copies, ${state} [${holders}]`;
  });
}

type NetworkView = NetworkStatus & { blocked: BlockedNode[]; pools: PoolReplication[] };

function printNetwork(status: NetworkView, json: boolean | undefined): void {
  if (json) return printJson(status);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`node      ${status.node}\nlisten    ${status.listen.join(' ')}`);
  const net = status.network;
  if (net === undefined) {
    out('network   none (kith network create NAME, or kith join CODE)');
    return;
  }
  const asked = (role: string | undefined) => (role === undefined ? '' : ` (asks ${role})`);
  out(`network   ${net.name} (${net.id})\nrole      ${net.role}${net.admin ? ', admin' : ''}${asked(net.requested)}`);
  out(`gateways  ${net.gateways.map((g) => g.node).join(' ')}`);
  printTable([['MEMBER', 'ROLE', 'CONNECTED'], ...net.peers.map((p) => [p.node, `${p.role ?? '?'}${asked(p.requested)}`, p.connected ? 'yes' : 'no'])]);
  for (const b of status.blocked) out(`blocked   ${b.node} by gateway ${b.by} on ${new Date(b.at).toISOString()}, reported by ${b.reporters.length} member(s)`);
  for (const line of replicationLines(status.pools)) out(line);
}

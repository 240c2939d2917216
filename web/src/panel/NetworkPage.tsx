/**
 * Administrators: the network this node belongs to — how safe the files are (first, in one
 * sentence), the gateways to pass on, the homes and whether they are online, the pools and how
 * far each home has them, and the invites. Refreshed every few seconds.
 */
import { networkPools, networkView } from '../api/panel';
import { GatewayList } from './GatewayList';
import { Invites } from './Invites';
import { NodeList } from './NodeList';
import { PoolHealth } from './PoolHealth';
import { usePolled } from './use-polled';
import './panel.css';

export function NetworkPage() {
  const view = usePolled(networkView);
  const pools = usePolled(networkPools);
  const network = view.data?.network;
  if (view.data && !network) {
    return (
      <div class="panel-page">
        <h1>Network</h1>
        <p>This node belongs to no network yet. Found one with <code>kith network create &lt;name&gt;</code>, or join one with <code>kith join &lt;invite code&gt;</code>.</p>
      </div>
    );
  }
  return (
    <div class="panel-page">
      <h1>Network {network?.name}</h1>
      {view.error && <p class="error" role="alert">{view.error}</p>}
      <p class={`health ${view.data && view.data.health.singleHomeFiles > 0 ? 'at-risk' : ''}`} role="status">
        {view.data?.health.summary}
        {view.data && belowTarget(view.data.health.poolsBelowTarget)}
      </p>
      {network && view.data && (
        <>
          <GatewayList gateways={network.gateways} />
          <NodeList self={view.data.node} selfRole={network.role} peers={network.peers} blocked={view.data.blocked.map((b) => b.node)} />
          <PoolHealth replication={view.data.pools} policies={pools.data ?? []} />
          {network.admin && <Invites />}
        </>
      )}
    </div>
  );
}

function belowTarget(pools: number): string {
  if (pools === 0) return '';
  return pools === 1 ? ' 1 pool has fewer complete copies than its target.' : ` ${pools} pools have fewer complete copies than their target.`;
}

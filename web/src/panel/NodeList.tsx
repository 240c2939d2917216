/** The homes in the network: role, online or not, and when each was last seen. */
import type { Peer, Role } from '../api/panel';
import { shortNodeId } from './node-id';
import { timeAgo } from './relative-time';

interface NodeListProps {
  self: string;
  selfRole: Role;
  peers: Peer[];
  /** Nodes a gateway blocked for sending corrupt data. */
  blocked: string[];
}

export function NodeList({ self, selfRole, peers, blocked }: NodeListProps) {
  return (
    <section class="panel-section" aria-labelledby="nodes-title">
      <h2 id="nodes-title">Homes</h2>
      <ul class="node-list" aria-label="Homes in the network">
        <li>
          <code title={self}>{shortNodeId(self)}</code>
          <span>{selfRole} (this node)</span>
          <span class="state online">Online</span>
          <span />
        </li>
        {peers.map((peer) => (
          <li key={peer.node}>
            <code title={peer.node}>{shortNodeId(peer.node)}</code>
            <span>{peer.role ?? 'revoked'}{peer.requested ? `, asks to be ${peer.requested}` : ''}{blocked.includes(peer.node) ? ', blocked' : ''}</span>
            <span class={`state ${peer.connected ? 'online' : 'offline'}`}>{peer.connected ? 'Online' : 'Offline'}</span>
            <span class="muted">{!peer.connected && (peer.lastSeen ? `last seen ${timeAgo(peer.lastSeen)}` : 'never seen')}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

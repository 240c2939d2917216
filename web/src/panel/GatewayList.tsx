/** The gateways: the addresses a new home needs to find the network, to copy and pass on. */
import type { NetworkView } from '../api/panel';
import { CopyButton } from '../components/CopyButton';
import { shortNodeId } from './node-id';

type Gateways = NonNullable<NetworkView['network']>['gateways'];

export function GatewayList({ gateways }: { gateways: Gateways }) {
  return (
    <section class="panel-section gateways" aria-labelledby="gateways-title">
      <h2 id="gateways-title">Gateways</h2>
      <p class="muted">A new home finds the network through any of these addresses: pass one on with the invite.</p>
      <ul class="plain">
        {gateways.flatMap((gateway) =>
          gateway.addrs.map((addr) => (
            <li key={addr} class="with-copy">
              <code class="address">{addr}</code>
              <CopyButton text={addr} label={`Copy the address of gateway ${shortNodeId(gateway.node)}`} />
            </li>
          )),
        )}
      </ul>
    </section>
  );
}

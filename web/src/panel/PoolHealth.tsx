/** The pools this node holds: their policies, copies against the target, and how far each home has them. */
import type { NetworkPool, PoolReplication } from '../api/panel';
import { shortNodeId } from './node-id';

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function homesLine(pool: PoolReplication): string {
  if (pool.files === 0) return 'no files yet';
  return pool.filesByHomes.map((g) => `${plural(g.files, 'file', 'files')} on ${plural(g.homes, 'home', 'homes')}`).join(', ');
}

export function PoolHealth({ replication, policies }: { replication: PoolReplication[]; policies: NetworkPool[] }) {
  return (
    <section class="panel-section" aria-labelledby="pools-title">
      <h2 id="pools-title">Pools</h2>
      {replication.length === 0 && <p class="muted">This node holds no pool shared on the network.</p>}
      <ul class="pool-health">
        {replication.map((pool) => {
          const policy = policies.find((p) => p.uid === pool.uid);
          return (
            <li key={pool.uid}>
              <h3>{pool.pool}</h3>
              <p class="muted">
                {policy ? `${policy.visibility}, uploads by ${policy.upload}` : pool.subscription}
                {' · '}
                {pool.copies === undefined ? `${plural(pool.completeCopies, 'complete copy', 'complete copies')}` : `${pool.completeCopies} of ${pool.copies} complete copies`}
                {pool.belowTarget && ' (below target)'}
                {pool.syncing && ' · syncing'}
              </p>
              <p>{homesLine(pool)}</p>
              <ul class="plain holders" aria-label={`Homes holding ${pool.pool}`}>
                {pool.holders.map((holder) => (
                  <li key={holder.node}>
                    <code title={holder.node}>{shortNodeId(holder.node)}</code>
                    <progress max={1} value={holder.progress} aria-label={`${pool.pool} on ${shortNodeId(holder.node)}`} />
                    <span>{Math.floor(holder.progress * 100)}%{holder.connected ? '' : ' (offline)'}</span>
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

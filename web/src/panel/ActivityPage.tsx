/**
 * Activity: the latest changes across the pools the user reads — who did what, where, when —
 * refreshed every few seconds, and a feed link per pool for a feed reader.
 */
import { recentChanges, type Change } from '../api/panel';
import { FeedLinks } from './FeedLinks';
import { timeAgo } from './relative-time';
import { usePolled } from './use-polled';
import './panel.css';

export function ActivityPage() {
  const changes = usePolled(() => recentChanges(100));
  return (
    <div class="panel-page">
      <h1>Activity</h1>
      {changes.error && <p class="error" role="alert">{changes.error}</p>}
      {changes.data?.length === 0 && <p class="muted">Nothing has changed yet.</p>}
      <ul class="activity-list" aria-label="Recent changes">
        {changes.data?.map((change) => <ChangeItem key={change.seq} change={change} />)}
      </ul>
      <FeedLinks />
    </div>
  );
}

function ChangeItem({ change }: { change: Change }) {
  // A change to the pool itself names the pool; any other, the file or folder and its pool.
  const where = change.type.startsWith('pool.') ? <strong>{change.pool}</strong> : <>{change.path && <code>{change.path}</code>} in <strong>{change.pool}</strong></>;
  return (
    <li>
      <span>
        <strong>{change.actor ?? 'someone'}</strong> {change.verb} {where}
      </span>
      <time class="muted" dateTime={change.at} title={new Date(change.at).toLocaleString()}>{timeAgo(Date.parse(change.at))}</time>
    </li>
  );
}

/** Administrators: this node — who it is, where it listens, its disk, its bandwidth and rate limits. */
import { networkView, nodeInfo, traffic } from '../api/panel';
import { CopyButton } from '../components/CopyButton';
import { formatSize, formatSpeed } from '../format';
import { RateLimitsForm } from './RateLimitsForm';
import { formatDuration } from './relative-time';
import { usePolled } from './use-polled';
import './panel.css';

export function NodePage() {
  const node = usePolled(nodeInfo);
  const network = usePolled(networkView);
  const meter = usePolled(traffic);
  const info = node.data;
  const membership = network.data?.network;
  const error = node.error || network.error || meter.error;

  return (
    <div class="panel-page">
      <h1>This node</h1>
      {error && <p class="error" role="alert">{error}</p>}
      {info && (
        <section class="panel-section" aria-labelledby="node-about">
          <h2 id="node-about">About</h2>
          <dl class="facts">
            <dt>Node id</dt>
            <dd class="with-copy">
              <code class="node-id">{info.nodeId}</code>
              <CopyButton text={info.nodeId} label="Copy the node id" />
            </dd>
            <dt>Role</dt>
            <dd>{membership ? `${membership.role}${membership.admin ? ', admin' : ''} in the network ${membership.name}` : 'in no network yet'}</dd>
            <dt>Addresses</dt>
            <dd>
              <ul class="plain">
                {network.data?.listen.map((addr) => <li key={addr}><code>{addr}</code></li>)}
              </ul>
            </dd>
            <dt>Version</dt>
            <dd>{info.version}</dd>
            <dt>Running for</dt>
            <dd>{formatDuration(info.uptimeSeconds)}</dd>
            <dt>Data directory</dt>
            <dd><code>{info.dataDir}</code></dd>
            <dt>Disk</dt>
            <dd><DiskUse total={info.disk.totalBytes} free={info.disk.freeBytes} /></dd>
          </dl>
        </section>
      )}
      {meter.data && (
        <section class="panel-section" aria-labelledby="node-bandwidth">
          <h2 id="node-bandwidth">Bandwidth with other homes</h2>
          <dl class="facts">
            <dt>Sending now</dt>
            <dd>{formatSpeed(meter.data.upload.bytesPerSecond)}</dd>
            <dt>Receiving now</dt>
            <dd>{formatSpeed(meter.data.download.bytesPerSecond)}</dd>
            <dt>Sent since start</dt>
            <dd>{formatSize(meter.data.upload.totalBytes)}</dd>
            <dt>Received since start</dt>
            <dd>{formatSize(meter.data.download.totalBytes)}</dd>
          </dl>
        </section>
      )}
      <RateLimitsForm />
    </div>
  );
}

function DiskUse({ total, free }: { total: number; free: number }) {
  const used = total - free;
  return (
    <span class="disk">
      <meter min={0} max={total} value={used} aria-label="Disk used" />
      <span>{formatSize(used)} used of {formatSize(total)}, {formatSize(free)} free</span>
    </span>
  );
}

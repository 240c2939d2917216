/**
 * The byte rates for content sent to and received from other homes. A change applies at once,
 * to transfers already running too, and the node keeps it across restarts.
 */
import { useEffect, useState } from 'preact/hooks';
import { rateLimits, setRateLimits, type RateLimits } from '../api/panel';
import { useAction } from '../components/use-action';
import { formatSpeed } from '../format';

const KB = 1000;

const describe = (rate: number): string => (rate === 0 ? 'no limit' : formatSpeed(rate));

export function RateLimitsForm() {
  const [limits, setLimits] = useState<RateLimits>();
  const [upload, setUpload] = useState('');
  const [download, setDownload] = useState('');
  const { busy, error, run } = useAction();
  const show = (now: RateLimits) => {
    setLimits(now);
    setUpload(String(now.uploadBytesPerSecond / KB));
    setDownload(String(now.downloadBytesPerSecond / KB));
  };
  useEffect(() => void run(async () => show(await rateLimits())), []);
  const save = (event: Event) => {
    event.preventDefault();
    void run(async () => show(await setRateLimits({ uploadBytesPerSecond: Math.round(Number(upload) * KB), downloadBytesPerSecond: Math.round(Number(download) * KB) })));
  };

  return (
    <form class="panel-section rate-limits" onSubmit={save} aria-labelledby="rate-limits-title">
      <h2 id="rate-limits-title">Rate limits</h2>
      <p class="muted">In kB/s; 0 for no limit. A change applies at once, to transfers already running too.</p>
      <label for="upload-limit">Upload limit (kB/s)</label>
      <input id="upload-limit" type="number" min={0} step="any" required value={upload} onInput={(e) => setUpload(e.currentTarget.value)} />
      <label for="download-limit">Download limit (kB/s)</label>
      <input id="download-limit" type="number" min={0} step="any" required value={download} onInput={(e) => setDownload(e.currentTarget.value)} />
      <button class="primary" type="submit" disabled={busy}>Apply limits</button>
      {error && <p class="error" role="alert">{error}</p>}
      <p role="status">{limits && `Now: upload ${describe(limits.uploadBytesPerSecond)}, download ${describe(limits.downloadBytesPerSecond)}.`}</p>
    </form>
  );
}

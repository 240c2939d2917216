/** Uploads in progress: each file with its bar, speed and cancel, and the total above them. */
import { useEffect, useState } from 'preact/hooks';
import { Icon } from '../components/icons';
import { formatSize, formatSpeed } from '../format';
import { isFinished, uploadSpeed, type Upload, type UploadQueue } from './upload-queue';
import './upload.css';

export function useUploads(queue: UploadQueue): readonly Upload[] {
  const [uploads, setUploads] = useState(queue.list());
  useEffect(() => queue.subscribe(() => setUploads(queue.list())), [queue]);
  return uploads;
}

function totals(uploads: readonly Upload[], now: number) {
  // Cancelled and failed uploads no longer count towards the bytes to send.
  const counted = uploads.filter((u) => u.state !== 'cancelled' && u.state !== 'failed');
  const size = counted.reduce((sum, u) => sum + u.file.size, 0);
  const loaded = counted.reduce((sum, u) => sum + (u.state === 'done' ? u.file.size : u.loaded), 0);
  const speed = uploads.filter((u) => u.state === 'uploading').reduce((sum, u) => sum + uploadSpeed(u, now), 0);
  return { size, loaded, speed, finished: uploads.filter(isFinished).length };
}

const STATE_TEXT = { queued: 'waiting', uploading: '', done: 'done', failed: 'failed', cancelled: 'cancelled' };

function statusOf(u: Upload, now: number): string {
  const state = u.state === 'uploading' ? formatSpeed(uploadSpeed(u, now)) : u.error ?? STATE_TEXT[u.state];
  return u.resumedAt ? `${state}, resumed at ${Math.floor((100 * u.resumedAt) / (u.file.size || 1))}%` : state;
}

export function UploadPanel({ queue }: { queue: UploadQueue }) {
  const uploads = useUploads(queue);
  if (uploads.length === 0) return null;
  const now = Date.now();
  const total = totals(uploads, now);
  const allDone = total.finished === uploads.length;
  return (
    <section class="uploads" aria-label="Uploads">
      <header>
        <strong>
          {allDone ? 'Uploads finished' : 'Uploading'}: {total.finished} of {uploads.length} files, {formatSize(total.loaded)} of {formatSize(total.size)}
          {!allDone && `, ${formatSpeed(total.speed)}`}
        </strong>
        <progress max={total.size || 1} value={total.loaded} aria-label="Total upload progress" />
        {allDone ? <button type="button" onClick={() => queue.clearFinished()}>Clear</button> : <button type="button" onClick={() => queue.cancelAll()}>Cancel all</button>}
      </header>
      <ul>
        {uploads.map((u) => (
          <li key={u.id} class={`upload ${u.state}`}>
            <span class="name" title={u.path}>{u.path}</span>
            <progress max={u.file.size || 1} value={u.state === 'done' ? u.file.size : u.loaded} aria-label={`Progress of ${u.path}`} />
            <span class="status">{statusOf(u, now)}</span>
            {!isFinished(u) && (
              <button type="button" class="icon-button" onClick={() => queue.cancel(u.id)} aria-label={`Cancel upload of ${u.path}`}>
                <Icon name="close" />
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

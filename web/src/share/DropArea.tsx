/**
 * A file drop link's page: pick or drop files, each is PUT to the link with its progress. Only
 * what this visitor sent is listed; the folder's content is never shown.
 */
import { useRef, useState } from 'preact/hooks';
import { dropUrl } from '../api/links';
import { Icon } from '../components/icons';
import { useDropZone } from '../components/use-drop-zone';
import { formatSize } from '../format';
import { putFile } from '../upload/put-file';
import { linkProblem } from './shared-errors';

interface Sent {
  id: number;
  name: string;
  size: number;
  loaded: number;
  state: 'sending' | 'received' | 'failed';
  message?: string;
}

let nextId = 1;

export function DropArea({ token, maxUploadBytes }: { token: string; maxUploadBytes?: number }) {
  const picker = useRef<HTMLInputElement>(null);
  const [sent, setSent] = useState<Sent[]>([]);
  const update = (id: number, change: Partial<Sent>) => setSent((all) => all.map((s) => (s.id === id ? { ...s, ...change } : s)));

  const send = async (files: File[]) => {
    for (const file of files) {
      const id = nextId++;
      setSent((all) => [...all, { id, name: file.name, size: file.size, loaded: 0, state: 'sending' }]);
      if (maxUploadBytes !== undefined && file.size > maxUploadBytes) {
        update(id, { state: 'failed', message: `larger than ${formatSize(maxUploadBytes)}` });
        continue;
      }
      try {
        await putFile(dropUrl(token, file.name), file, (loaded) => update(id, { loaded })).done;
        update(id, { state: 'received', loaded: file.size });
      } catch (err) {
        update(id, { state: 'failed', message: linkProblem(err) });
      }
    }
  };
  const onPicked = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    if (input.files) void send([...input.files]);
    input.value = '';
  };
  const drop = useDropZone((data) => void send([...data.files]));

  return (
    <section class="card drop-page" aria-labelledby="drop-title">
      <h1 id="drop-title">Send files</h1>
      <p class="muted">The files go to the person who shared this link. You cannot see what others sent.{maxUploadBytes !== undefined && ` Up to ${formatSize(maxUploadBytes)} per file.`}</p>
      <div
        class={drop.dragging ? 'drop-area dragging' : 'drop-area'}
        {...drop.handlers}
      >
        <Icon name="upload" size={40} />
        <p>Drop files here, or</p>
        <button class="primary" type="button" onClick={() => picker.current?.click()}>Choose files</button>
        <input ref={picker} type="file" multiple hidden onChange={onPicked} aria-label="Choose files to send" />
      </div>
      <ul class="sent-list" aria-label="Files sent">
        {sent.map((s) => (
          <li key={s.id} class={s.state}>
            <span class="name">{s.name}</span>
            <progress max={s.size || 1} value={s.state === 'received' ? s.size || 1 : s.loaded} aria-label={`Progress of ${s.name}`} />
            <span class="status">{s.state === 'sending' ? `${formatSize(s.loaded)} of ${formatSize(s.size)}` : s.state === 'received' ? `Received (${formatSize(s.size)})` : `Failed: ${s.message ?? ''}`}</span>
          </li>
        ))}
      </ul>
      <p class="notice" role="status">{sent.length > 0 && `${sent.filter((s) => s.state === 'received').length} of ${sent.length} files received.`}</p>
    </section>
  );
}

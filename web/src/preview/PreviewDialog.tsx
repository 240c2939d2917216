/**
 * A file's preview over the list it was opened from, as a modal dialog: its name, where it is in
 * the list, Previous/Next (also the Left/Right keys), Download and Close (also Escape). Focus goes
 * back to where it was when the preview closes.
 */
import { useEffect, useRef } from 'preact/hooks';
import { Icon } from '../components/icons';
import { formatSize } from '../format';
import { PreviewBody } from './PreviewBody';
import type { PreviewSource } from './source';
import { useContentUrl } from './use-loaded';
import './preview.css';

interface PreviewDialogProps {
  items: readonly PreviewSource[];
  index: number;
  onIndex: (index: number) => void;
  onClose: () => void;
}

/** Where Left/Right belong to the element itself: seeking a player, moving in a text field. */
const OWNS_ARROWS = 'video, audio, input, textarea, select, [data-own-arrows]';

export function PreviewDialog({ items, index, onIndex, onClose }: PreviewDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const source = items[index]!;
  const downloadUrl = useContentUrl(source.download ?? source.content);
  const step = (by: number) => onIndex((index + by + items.length) % items.length);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.showModal();
    return () => opener?.focus();
  }, []);
  // The control that had the focus may have gone with the previous file: keep the focus inside.
  // And fetch the next picture ahead, so that Next shows it at once.
  useEffect(() => {
    if (!dialog.current?.contains(document.activeElement)) dialog.current?.focus();
    const next = items[(index + 1) % items.length]?.thumbnail;
    if (next) new Image().src = next;
  }, [index]);

  const onKeyDown = (event: KeyboardEvent) => {
    const arrow = { ArrowLeft: -1, ArrowRight: 1 }[event.key];
    if (arrow === undefined || items.length < 2 || event.altKey || event.ctrlKey || event.metaKey) return;
    if ((event.target as Element).closest(OWNS_ARROWS)) return;
    event.preventDefault();
    step(arrow);
  };

  return (
    <dialog ref={dialog} class="preview-dialog" aria-labelledby="preview-title" tabIndex={-1} onClose={onClose} onKeyDown={onKeyDown}>
      <header class="preview-header">
        <div class="preview-heading">
          <h2 id="preview-title">{source.name}</h2>
          <p class="muted" aria-live="polite">{items.length > 1 && `${index + 1} of ${items.length} · `}{formatSize(source.size)}</p>
        </div>
        {items.length > 1 && (
          <>
            <button type="button" onClick={() => step(-1)} aria-label="Previous file" title="Previous (Left arrow)"><Icon name="previous" /></button>
            <button type="button" onClick={() => step(1)} aria-label="Next file" title="Next (Right arrow)"><Icon name="next" /></button>
          </>
        )}
        <a class="button" href={downloadUrl} download={source.name} aria-label={`Download ${source.name}`}><Icon name="download" /> <span class="label">Download</span></a>
        <button type="button" autofocus onClick={onClose} aria-label="Close preview" title="Close (Escape)"><Icon name="close" /></button>
      </header>
      <div class="preview-body">
        <PreviewBody key={`${index}:${source.name}`} source={source} downloadUrl={downloadUrl} />
      </div>
    </dialog>
  );
}

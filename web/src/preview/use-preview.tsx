/**
 * The preview of a list's files: open(file) shows it, Previous/Next walk the list's other files
 * (folders are skipped), and onShown tells the list which one is on screen so it can follow.
 */
import { useMemo, useState } from 'preact/hooks';
import type { Entry } from '../api/types';
import { PreviewDialog } from './PreviewDialog';
import type { PreviewSource } from './source';

export function usePreview(entries: readonly Entry[], sourceOf: (file: Entry) => PreviewSource, onShown?: (file: Entry) => void) {
  const [shown, setShown] = useState<string>();
  const files = useMemo(() => entries.filter((e) => e.type === 'file'), [entries]);
  const sources = useMemo(() => files.map(sourceOf), [files]);
  const index = files.findIndex((f) => f.path === shown);
  const show = (i: number) => {
    setShown(files[i]!.path);
    onShown?.(files[i]!);
  };
  const dialog = index >= 0 && <PreviewDialog items={sources} index={index} onIndex={show} onClose={() => setShown(undefined)} />;
  return { open: (file: Entry) => setShown(file.path), dialog };
}

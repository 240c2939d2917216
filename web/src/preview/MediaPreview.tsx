/**
 * Video and sound, streamed from the content URL: the browser asks the node for byte ranges as
 * it plays and seeks, so a long film starts at once and jumps without downloading what it skips.
 */
import { useState } from 'preact/hooks';
import { PreviewProblem } from './PreviewProblem';
import type { KindProps } from './source';
import { useContentUrl } from './use-loaded';

export function MediaPreview({ source, kind }: KindProps & { kind: 'video' | 'audio' }) {
  const url = useContentUrl(source.content);
  const [failed, setFailed] = useState(false);
  if (failed) return <PreviewProblem message={`This browser cannot play this ${kind === 'video' ? 'video' : 'sound'}. Download it to play it elsewhere.`} />;
  if (!url) return <p class="loading">Loading…</p>;
  const Player = kind;
  return <Player class={`preview-${kind}`} src={url} controls preload="metadata" aria-label={source.name} onError={() => setFailed(true)} />;
}

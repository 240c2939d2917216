/** Preview sources for files the node serves: in a pool (signed in) and behind a share link. */
import { contentUrl, thumbnailUrl } from '../api/files';
import { sharedContentUrl, sharedThumbnailUrl } from '../api/links';
import type { Entry } from '../api/types';
import { previewKind, showsOriginal, type PreviewSource } from './source';

/** Whether the node's thumbnail is what to show first (not for GIF and SVG, shown as they are). */
const hasThumbnail = (entry: Entry): boolean => previewKind(entry) === 'image' && !showsOriginal(entry.name);

export function poolFileSource(pool: string, entry: Entry): PreviewSource {
  return {
    name: entry.name,
    size: entry.size,
    content: contentUrl(pool, entry.path),
    thumbnail: hasThumbnail(entry) ? thumbnailUrl(pool, entry.path, 1024) : undefined,
    download: contentUrl(pool, entry.path, true),
  };
}

/** A file at `sub` inside the link (empty for the link's own file). */
export function sharedFileSource(token: string, sub: string, entry: Entry): PreviewSource {
  return {
    name: entry.name,
    size: entry.size,
    content: sharedContentUrl(token, sub),
    thumbnail: hasThumbnail(entry) ? sharedThumbnailUrl(token, sub, 1024) : undefined,
    download: sharedContentUrl(token, sub, true),
  };
}

/**
 * What a preview shows: a description of one file's bytes, not where they live. The file manager
 * passes the node's content URL, a share page the link's, and an end-to-end-encrypted folder a Blob
 * of bytes decrypted in the page. The page's CSP lets <img>, <video> and <audio> load blob: URLs
 * but not fetch() them (connect-src is 'self' only), so decrypted bytes come as a Blob, never as a
 * blob: URL, and every kind reads them through readBytes/readText below.
 */
export interface PreviewSource {
  /** The file's name; its extension picks the kind of preview when no media type is given. */
  name: string;
  /** Size in bytes: text is read only up to TEXT_LIMIT, and the notice says what was left out. */
  size: number;
  /** The bytes: a same-origin URL (the node answers Range requests on it), or the bytes themselves. */
  content: string | Blob;
  mediaType?: string;
  /** A smaller picture of an image, shown first (the node's cached 1024 px thumbnail). */
  thumbnail?: string;
  /** Where Download goes; the content itself when not given. */
  download?: string;
}

/** What each kind's preview is given. */
export interface KindProps {
  source: PreviewSource;
}

export type PreviewKind = 'image' | 'video' | 'audio' | 'pdf' | 'markdown' | 'text' | 'model' | 'none';

const BY_EXTENSION: Record<string, PreviewKind> = {};
const add = (kind: PreviewKind, extensions: string) => extensions.split(' ').forEach((e) => (BY_EXTENSION[e] = kind));
add('image', 'png jpg jpeg gif webp avif svg bmp ico tif tiff heic');
add('video', 'mp4 m4v webm mkv mov ogv');
add('audio', 'mp3 ogg oga opus flac wav m4a aac');
add('pdf', 'pdf');
add('markdown', 'md markdown');
add('model', 'stl obj');
add('text', 'txt log csv tsv json xml yaml yml toml ini conf cfg env html htm css scss js mjs cjs ts tsx jsx py rb go rs c h cc cpp hpp java kt swift sh bash zsh sql gcode ics vcf srt vtt diff patch');

const extensionOf = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

export function previewKind(source: Pick<PreviewSource, 'name' | 'mediaType'>): PreviewKind {
  const known = BY_EXTENSION[extensionOf(source.name)];
  if (known) return known;
  const type = source.mediaType?.split(';')[0]?.trim() ?? '';
  if (type === 'application/pdf') return 'pdf';
  const top = type.split('/')[0];
  if (top === 'image' || top === 'video' || top === 'audio') return top;
  return top === 'text' ? 'text' : 'none';
}

/** Pictures the node cannot shrink without losing what they are: animation, vectors. */
export const showsOriginal = (name: string): boolean => ['gif', 'svg'].includes(extensionOf(name));

/** How much of a text file is shown. */
export const TEXT_LIMIT = 1024 * 1024;

/** The bytes, or the first `limit` of them: by a Range request for a URL, by slicing a Blob. */
export async function readBytes(source: PreviewSource, signal: AbortSignal, limit?: number): Promise<ArrayBuffer> {
  if (source.content instanceof Blob) return (limit === undefined ? source.content : source.content.slice(0, limit)).arrayBuffer();
  const headers: Record<string, string> = limit === undefined || source.size <= limit ? {} : { range: `bytes=0-${limit - 1}` };
  const response = await fetch(source.content, { headers, signal });
  if (!response.ok) throw new Error(`the file could not be read (HTTP ${response.status})`);
  const bytes = await response.arrayBuffer();
  // A server that ignores Range sends it all: show no more than asked for anyway.
  return limit !== undefined && bytes.byteLength > limit ? bytes.slice(0, limit) : bytes;
}

export async function readText(source: PreviewSource, signal: AbortSignal, limit = TEXT_LIMIT): Promise<string> {
  return new TextDecoder().decode(await readBytes(source, signal, limit));
}

import { describe, expect, it } from 'vitest';
import { previewKind, readBytes, readText, showsOriginal, type PreviewSource } from './source';

const blobSource = (text: string): PreviewSource => ({ name: 'notes.txt', size: text.length, content: new Blob([text]) });

describe('previewKind', () => {
  it('goes by the extension first, whatever its case', () => {
    expect(previewKind({ name: 'Photo.JPG' })).toBe('image');
    expect(previewKind({ name: 'talk.webm' })).toBe('video');
    expect(previewKind({ name: 'song.flac' })).toBe('audio');
    expect(previewKind({ name: 'paper.pdf' })).toBe('pdf');
    expect(previewKind({ name: 'README.md' })).toBe('markdown');
    expect(previewKind({ name: 'main.rs' })).toBe('text');
    expect(previewKind({ name: 'bracket.stl' })).toBe('model');
    expect(previewKind({ name: 'teapot.obj' })).toBe('model');
  });

  it('falls back on the media type, and says none for what it does not know', () => {
    expect(previewKind({ name: 'scan', mediaType: 'application/pdf' })).toBe('pdf');
    expect(previewKind({ name: 'blob', mediaType: 'image/png' })).toBe('image');
    expect(previewKind({ name: 'data', mediaType: 'text/plain; charset=utf-8' })).toBe('text');
    expect(previewKind({ name: 'archive.zip', mediaType: 'application/zip' })).toBe('none');
    expect(previewKind({ name: '.stl' })).toBe('none');
  });

  it('shows GIF and SVG as they are, not as thumbnails', () => {
    expect(showsOriginal('cat.gif')).toBe(true);
    expect(showsOriginal('logo.svg')).toBe(true);
    expect(showsOriginal('photo.png')).toBe(false);
  });
});

describe('reading a Blob source (bytes decrypted in the page)', () => {
  it('reads all of it, or only the first bytes when limited', async () => {
    const signal = new AbortController().signal;
    expect(new Uint8Array(await readBytes(blobSource('abcdef'), signal))).toEqual(new TextEncoder().encode('abcdef'));
    expect(await readText(blobSource('abcdef'), signal, 3)).toBe('abc');
  });
});

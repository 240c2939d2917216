import { describe, expect, it } from 'vitest';
import { stripMetadata } from './strip-metadata';

/** A marker segment: FF, the marker, a length that counts itself, the payload. */
const segment = (marker: number, payload: number[]): number[] => [0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload];
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/** An Exif payload, little-endian, with an orientation and a make in IFD0 (as cameras write it). */
function exif(orientation: number): number[] {
  const entries = [
    [0x0f, 0x01, 2, 0, 6, 0, 0, 0, 38, 0, 0, 0], // Make, ASCII, 6 bytes at offset 38
    [0x12, 0x01, 3, 0, 1, 0, 0, 0, orientation, 0, 0, 0], // Orientation, SHORT
  ].flat();
  return [...ascii('Exif\0\0'), 0x49, 0x49, 42, 0, 8, 0, 0, 0, 2, 0, ...entries, 0, 0, 0, 0, ...ascii('Snoop\0'), ...ascii('GPS 51.5N 0.1W')];
}

const SOI = [0xff, 0xd8];
const JFIF = segment(0xe0, ascii('JFIF\0\x01\x02\0\0\x01\0\x01\0\0'));
const ICC = segment(0xe2, ascii('ICC_PROFILE\0 colour'));
const XMP = segment(0xe1, ascii('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPS</x:xmpmeta>'));
const IPTC = segment(0xed, ascii('Photoshop 3.0\0 by-line'));
const DQT = segment(0xdb, [0, ...Array.from({ length: 64 }, (_, i) => i + 1)]);
const SCAN = [...segment(0xda, [1, 1, 0, 0, 63, 0]), 0x12, 0xff, 0x00, 0x34, 0xff, 0xe1, 0x56, 0xff, 0xd9];

async function strip(bytes: number[], name = 'photo.jpg'): Promise<number[]> {
  return [...new Uint8Array(await (await stripMetadata(new File([new Uint8Array(bytes)], name, { lastModified: 1234 }))).arrayBuffer())];
}

describe('stripMetadata', () => {
  it('drops Exif, XMP and IPTC from a JPEG and keeps JFIF, ICC colour, tables and the scan byte for byte', async () => {
    const out = await strip([...SOI, ...JFIF, ...segment(0xe1, exif(1)), ...XMP, ...ICC, ...IPTC, ...DQT, ...SCAN]);
    expect(out).toEqual([...SOI, ...JFIF, ...ICC, ...DQT, ...SCAN]);
  });

  it('keeps a photo\'s orientation, alone, in a minimal Exif segment after JFIF', async () => {
    const out = await strip([...SOI, ...JFIF, ...segment(0xe1, exif(6)), ...DQT, ...SCAN]);
    const orientationOnly = segment(0xe1, [...ascii('Exif\0\0'), 0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
    expect(out).toEqual([...SOI, ...JFIF, ...orientationOnly, ...DQT, ...SCAN]);
    expect(String.fromCharCode(...out)).not.toMatch(/Snoop|GPS/);
  });

  it('skips fill bytes before a marker', async () => {
    expect(await strip([...SOI, 0xff, 0xff, ...XMP, ...DQT, ...SCAN])).toEqual([...SOI, ...DQT, ...SCAN]);
  });

  it('drops eXIf and text chunks from a PNG and keeps the image chunks', async () => {
    const chunk = (type: string, data: number[]) => [0, 0, 0, data.length, ...ascii(type), ...data, 1, 2, 3, 4];
    const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
    const header = chunk('IHDR', Array.from({ length: 13 }, () => 1));
    const image = [...chunk('IDAT', [9, 8, 7]), ...chunk('IEND', [])];
    const out = await strip([...signature, ...header, ...chunk('eXIf', exif(1)), ...chunk('tEXt', ascii('Author\0me')), ...chunk('iTXt', ascii('XML:com.adobe.xmp\0')), ...image], 'shot.png');
    expect(out).toEqual([...signature, ...header, ...image]);
  });

  it('leaves other files, and images it cannot walk to the end, as they are', async () => {
    const text = new File(['just text'], 'notes.txt');
    expect(await stripMetadata(text)).toBe(text);
    const truncated = new File([new Uint8Array([...SOI, ...segment(0xe1, exif(1)).slice(0, 10)])], 'cut.jpg');
    expect(await stripMetadata(truncated)).toBe(truncated);
  });

  it('keeps the name and the modification time', async () => {
    const out = await stripMetadata(new File([new Uint8Array([...SOI, ...XMP, ...SCAN])], 'photo.jpg', { type: 'image/jpeg', lastModified: 1234 }));
    expect([out.name, out.type, out.lastModified]).toEqual(['photo.jpg', 'image/jpeg', 1234]);
  });
});

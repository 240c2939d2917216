/**
 * Photos without what they tell about their owner: where and when they were taken, with what
 * camera (EXIF, GPS, XMP, IPTC). Only the metadata segments go; the image data is copied byte for
 * byte (sliced from the original file, not re-encoded), so quality, size and ICC colour stay.
 *
 * JPEG (ITU T.81, B.1.1): the segments before the scan are walked; APP1 (Exif, XMP) and APP13
 * (IPTC) are dropped. The one EXIF field that changes how a photo looks, its orientation, is kept
 * in a minimal Exif segment of its own (CIPA DC-008, 4.5.4), or phone photos would turn sideways.
 * PNG (ISO 15948, 5.3): the eXIf, tEXt, zTXt and iTXt chunks are dropped. Anything else, or a file
 * that does not parse, goes up unchanged.
 */

const APP1 = 0xe1;
const APP13 = 0xed;
const SOS = 0xda;
const ORIENTATION_TAG = 0x0112;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_METADATA_CHUNKS = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt']);

/** The kept byte ranges of the file, and new bytes to put in between, in order. */
type Part = [start: number, end: number] | Uint8Array<ArrayBuffer>;

/** Worth a look: a JPEG or PNG by its type or name (other files are not read at all). */
export function mayCarryMetadata(file: File): boolean {
  return /^image\/(jpeg|png)$/.test(file.type) || /\.(jpe?g|png)$/i.test(file.name);
}

export async function stripMetadata(file: File): Promise<File> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const parts = isJpeg(bytes) ? jpegParts(bytes) : isPng(bytes) ? pngParts(bytes) : undefined;
  if (parts === undefined) return file;
  const blobParts = parts.map((part) => (part instanceof Uint8Array ? part : file.slice(part[0], part[1])));
  return new File(blobParts, file.name, { type: file.type, lastModified: file.lastModified });
}

const isJpeg = (b: Uint8Array): boolean => b[0] === 0xff && b[1] === 0xd8;
const isPng = (b: Uint8Array): boolean => PNG_SIGNATURE.every((value, i) => b[i] === value);
const uint16 = (b: Uint8Array, at: number, little = false): number => (little ? b[at]! | (b[at + 1]! << 8) : (b[at]! << 8) | b[at + 1]!);
const uint32 = (b: Uint8Array, at: number, little = false): number => (little ? uint16(b, at, true) + uint16(b, at + 2, true) * 0x10000 : uint16(b, at) * 0x10000 + uint16(b, at + 2));

function jpegParts(b: Uint8Array): Part[] | undefined {
  const parts: Part[] = [[0, 2]];
  let orientation: number | undefined;
  for (let at = 2; at + 4 <= b.length; ) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1]!;
    // Fill bytes: any number of 0xFF may come before a marker.
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === SOS) {
      parts.push([at, b.length]);
      // After the JFIF segment, when there is one: both want to come first, JFIF says so louder.
      if (orientation !== undefined) parts.splice(b[3] === 0xe0 ? 2 : 1, 0, orientationSegment(orientation));
      return parts;
    }
    const end = at + 2 + uint16(b, at + 2);
    if (end > b.length) return undefined;
    if (marker === APP1) orientation ??= exifOrientation(b.subarray(at + 4, end));
    if (marker !== APP1 && marker !== APP13) parts.push([at, end]);
    at = end;
  }
  return undefined;
}

/** The Orientation of an Exif APP1 payload's first IFD, unless it is the default (1) or absent. */
function exifOrientation(payload: Uint8Array): number | undefined {
  if (String.fromCharCode(...payload.subarray(0, 6)) !== 'Exif\0\0') return undefined;
  const tiff = payload.subarray(6);
  const little = tiff[0] === 0x49;
  const ifd = uint32(tiff, 4, little);
  if (ifd + 2 > tiff.length) return undefined;
  const count = uint16(tiff, ifd, little);
  for (let i = 0; i < count && ifd + 2 + 12 * (i + 1) <= tiff.length; i++) {
    const entry = ifd + 2 + 12 * i;
    if (uint16(tiff, entry, little) !== ORIENTATION_TAG) continue;
    const value = uint16(tiff, entry + 8, little);
    return value >= 2 && value <= 8 ? value : undefined;
  }
  return undefined;
}

/** An APP1 segment whose Exif holds only the orientation: one IFD with one SHORT entry, big-endian. */
function orientationSegment(orientation: number): Uint8Array<ArrayBuffer> {
  const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
  const payload = [...'Exif\0\0'].map((c) => c.charCodeAt(0)).concat(tiff);
  const length = payload.length + 2;
  return new Uint8Array([0xff, APP1, length >> 8, length & 0xff, ...payload]);
}

function pngParts(b: Uint8Array): Part[] | undefined {
  const parts: Part[] = [[0, 8]];
  for (let at = 8; at < b.length; ) {
    if (at + 12 > b.length) return undefined;
    const end = at + 12 + uint32(b, at);
    if (end > b.length) return undefined;
    const type = String.fromCharCode(...b.subarray(at + 4, at + 8));
    if (!PNG_METADATA_CHUNKS.has(type)) parts.push([at, end]);
    at = end;
    if (type === 'IEND') return parts;
  }
  return undefined;
}

/**
 * Small real files of the kinds the web app previews, made in the test rather than kept as
 * binaries: a PDF written by hand (with a correct cross-reference table), an ASCII STL cube, a
 * PNG from sharp.
 */
import sharp from 'sharp';

/** A PDF with one page per string, each a blue bar and the string in Helvetica. */
export function makePdf(pages: string[]): Buffer {
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(''); // the page tree, filled in once the pages' numbers are known
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const kids = pages.map((text) => {
    const content = `0.15 0.35 0.8 rg 20 20 260 50 re f 0 0 0 rg BT /F1 24 Tf 30 120 Td (${text}) Tj ET`;
    const stream = add(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    return add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents ${stream} 0 R /Resources << /Font << /F1 ${font} 0 R >> >> >>`);
  });
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;

  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const offset = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** An ASCII STL of a cube with sides `size` long, two triangles a face. */
export function makeStlCube(size: number): string {
  const corner = (i: number): number[] => [i & 1, (i >> 1) & 1, (i >> 2) & 1].map((c) => c * size);
  // Each face as four corner indices, counter-clockwise seen from outside, and its normal.
  const faces: [number[], number[]][] = [
    [[0, 2, 3, 1], [0, 0, -1]], [[4, 5, 7, 6], [0, 0, 1]],
    [[0, 1, 5, 4], [0, -1, 0]], [[2, 6, 7, 3], [0, 1, 0]],
    [[0, 4, 6, 2], [-1, 0, 0]], [[1, 3, 7, 5], [1, 0, 0]],
  ];
  const facet = (normal: number[], corners: number[]) =>
    `facet normal ${normal.join(' ')}\n outer loop\n${corners.map((c) => `  vertex ${corner(c).join(' ')}\n`).join('')} endloop\nendfacet\n`;
  const body = faces.map(([[a, b, c, d], normal]) => facet(normal, [a!, b!, c!]) + facet(normal, [a!, c!, d!])).join('');
  return `solid cube\n${body}endsolid cube\n`;
}

/** A PNG of `width` × `height` pixels: a colour gradient, so that it is not one flat colour. */
export function makePng(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.set([(x * 255) / width, (y * 255) / height, 120], (y * width + x) * 3);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** How many of an image's pixels differ clearly from its top-left one (the background). */
export async function pixelsUnlikeBackground(png: Buffer): Promise<{ differing: number; total: number }> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let differing = 0;
  for (let i = 0; i < data.length; i += 3) {
    const distance = Math.abs(data[i]! - data[0]!) + Math.abs(data[i + 1]! - data[1]!) + Math.abs(data[i + 2]! - data[2]!);
    if (distance > 30) differing++;
  }
  return { differing, total: info.width * info.height };
}

/** A WAV of a `seconds` long 440 Hz tone: 16-bit mono PCM at 8 kHz. */
export function makeWav(seconds: number): Buffer {
  const rate = 8000;
  const samples = rate * seconds;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16); // the fmt chunk's size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // one channel
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28); // bytes a second
  wav.writeUInt16LE(2, 32); // bytes a frame
  wav.writeUInt16LE(16, 34); // bits a sample
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) wav.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 8000), 44 + i * 2);
  return wav;
}

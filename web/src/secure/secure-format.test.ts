import { describe, expect, it } from 'vitest';
import { decryptToBlob, openSecure } from './decrypt';
import { encryptBlob } from './encrypt';
import { decodeHeader, DEFAULT_ITERATIONS, FIXED_HEADER_BYTES, SecureFormatError, SecureIntegrityError, TAG_BYTES } from './format';
import { fromBase64Url, masterForHeader, masterFromPassphrase, masterFromRandom, newPassphraseMaster, randomBytes, toBase64Url, type MasterKey } from './keys';

const CHUNK = 64;
const META = { name: 'notes.txt', type: 'text/plain' };

const plaintext = (size: number): Uint8Array<ArrayBuffer> => Uint8Array.from({ length: size }, (_, i) => (i * 31 + 7) % 251);

async function seal(plain: Uint8Array<ArrayBuffer>, master: MasterKey, chunkSize = CHUNK): Promise<Uint8Array<ArrayBuffer>> {
  const sealed = await encryptBlob(new Blob([plain]), master, META, chunkSize);
  const bytes = new Uint8Array(await new Response(sealed.stream).arrayBuffer());
  expect(bytes.length).toBe(sealed.size);
  return bytes;
}

/** A stream handing out the bytes in uneven pieces, as a network does. */
function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      const size = 1 + ((offset * 7) % Math.max(50, bytes.length >> 6));
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

async function unseal(bytes: Uint8Array, master: MasterKey): Promise<Uint8Array> {
  const file = await (await openSecure(streamOf(bytes))).unlock(master);
  expect(file.metadata).toEqual(META);
  return new Uint8Array(await (await decryptToBlob(file)).arrayBuffer());
}

const randomMaster = () => masterFromRandom(randomBytes(32));
const metadataEnd = (bytes: Uint8Array) => FIXED_HEADER_BYTES + decodeHeader(bytes).metadataLength;

describe('secure file format', () => {
  it.each([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK, 5 * CHUNK + 17])('round-trips %i bytes', async (size) => {
    const master = await randomMaster();
    const plain = plaintext(size);
    const sealed = await seal(plain, master);
    expect(sealed.length).toBe(metadataEnd(sealed) + size + Math.max(1, Math.ceil(size / CHUNK)) * TAG_BYTES);
    expect(await unseal(sealed, master)).toEqual(plain);
  });

  it('round-trips with the default chunk size across several chunks', async () => {
    const master = await randomMaster();
    const plain = plaintext(3 * 65536 + 5);
    expect(await unseal(await seal(plain, master, 65536), master)).toEqual(plain);
  });

  it('seals the same plaintext differently each time (random file salt and nonce prefix)', async () => {
    const master = await randomMaster();
    const plain = plaintext(100);
    expect(await seal(plain, master)).not.toEqual(await seal(plain, master));
  });

  it('refuses a wrong key before any content is read', async () => {
    const sealed = await seal(plaintext(200), await randomMaster());
    const locked = await openSecure(streamOf(sealed));
    await expect(locked.unlock(await randomMaster())).rejects.toThrow(new SecureIntegrityError('Wrong key (or the file was changed).'));
  });

  it('fails when any single byte is flipped', async () => {
    const master = await randomMaster();
    const sealed = await seal(plaintext(2 * CHUNK + 10), master);
    for (let i = 0; i < sealed.length; i++) {
      const bad = sealed.slice();
      bad[i]! ^= 0x01;
      await expect(unseal(bad, master), `byte ${i} flipped`).rejects.toThrow(/SecureFormat|SecureIntegrity|secure file|Wrong key|integrity|cut short/);
    }
  });

  describe('cut, dropped and reordered chunks', () => {
    const sealedChunk = CHUNK + TAG_BYTES;
    const setup = async () => {
      const master = await randomMaster();
      const sealed = await seal(plaintext(4 * CHUNK), master);
      const start = metadataEnd(sealed);
      const chunks = [0, 1, 2, 3].map((i) => sealed.slice(start + i * sealedChunk, start + (i + 1) * sealedChunk));
      const join = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
      return { master, sealed, head: sealed.slice(0, start), chunks, join };
    };
    const integrity = /part \d fails its integrity check/;

    it('detects a file cut inside its last chunk', async () => {
      const { master, sealed } = await setup();
      await expect(unseal(sealed.slice(0, sealed.length - 1), master)).rejects.toThrow(integrity);
      await expect(unseal(sealed.slice(0, sealed.length - sealedChunk + 3), master)).rejects.toThrow(integrity);
    });

    it('detects a file cut at a chunk boundary (the last chunk dropped)', async () => {
      const { master, head, chunks, join } = await setup();
      await expect(unseal(join(head, chunks[0]!, chunks[1]!, chunks[2]!), master)).rejects.toThrow(/part 3 fails/);
    });

    it('detects a file cut right after its header', async () => {
      const { master, head } = await setup();
      await expect(unseal(head, master)).rejects.toThrow(/part 1 fails/);
    });

    it('detects a dropped middle chunk, swapped chunks and a repeated chunk', async () => {
      const { master, head, chunks, join } = await setup();
      const [a, b, c, d] = chunks as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
      await expect(unseal(join(head, a, c, d), master)).rejects.toThrow(/part 2 fails/);
      await expect(unseal(join(head, b, a, c, d), master)).rejects.toThrow(/part 1 fails/);
      await expect(unseal(join(head, a, b, c, c, d), master)).rejects.toThrow(/part 4 fails/);
    });

    it('detects bytes appended after the last chunk', async () => {
      const { master, sealed, join } = await setup();
      await expect(unseal(join(sealed, new Uint8Array(CHUNK + TAG_BYTES)), master)).rejects.toThrow(/part 4 fails/);
    });
  });

  it('derives the same passphrase key from the salt and iterations in the header', async () => {
    const master = await masterFromPassphrase('correct horse battery staple', randomBytes(16), 1000);
    const plain = plaintext(300);
    const sealed = await seal(plain, master);
    const header = decodeHeader(sealed);
    expect(header).toMatchObject({ keyKind: 'passphrase', iterations: 1000, kdfSalt: master.kdfSalt });
    expect(await unseal(sealed, await masterForHeader(header, 'correct horse battery staple'))).toEqual(plain);
    const locked = await openSecure(streamOf(sealed));
    await expect(locked.unlock(await masterForHeader(header, 'correct horse battery stapler'))).rejects.toThrow('Wrong passphrase (or the file was changed).');
  });

  it(`uses ${DEFAULT_ITERATIONS} PBKDF2 iterations by default, and one passphrase key seals many files`, async () => {
    const master = await newPassphraseMaster('four unrelated words here');
    expect(master.iterations).toBe(DEFAULT_ITERATIONS);
    const [one, two] = [await seal(plaintext(10), master), await seal(plaintext(10), master)];
    expect(decodeHeader(one).kdfSalt).toEqual(decodeHeader(two).kdfSalt);
    expect(decodeHeader(one).fileSalt).not.toEqual(decodeHeader(two).fileSalt);
    const again = await masterForHeader(decodeHeader(two), 'four unrelated words here');
    expect(await unseal(two, again)).toEqual(plaintext(10));
  });

  it('refuses what is not a secure file, or of another version', async () => {
    const notSecure = new TextEncoder().encode('just some text that is long enough to be a header'.repeat(3));
    await expect(openSecure(streamOf(notSecure))).rejects.toThrow(new SecureFormatError('This is not a Kith secure file.'));
    const sealed = await seal(plaintext(5), await randomMaster());
    sealed[7] = 9;
    await expect(openSecure(streamOf(sealed))).rejects.toThrow(/format version 9; this app reads version 1\./);
  });

  it('writes keys as base64url and reads them back, refusing other text', () => {
    const raw = Uint8Array.from({ length: 32 }, (_, i) => 250 + (i % 6));
    const text = toBase64Url(raw);
    expect(text).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fromBase64Url(text)).toEqual(raw);
    expect(() => fromBase64Url('not a key!')).toThrow(/letters, digits/);
    expect(() => fromBase64Url('abcde')).toThrow('This is not a whole key: a letter is missing or too many.');
  });
});

import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash.js';
import { ratePassword } from './password-strength.js';

describe('password hashing', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('tr0ub4dor & 3 horses');
    const b = await hashPassword('tr0ub4dor & 3 horses');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('tr0ub4dor & 3 horses', a)).toBe(true);
    expect(await verifyPassword('tr0ub4dor & 3 horsez', a)).toBe(false);
    expect(await verifyPassword('anything', 'md5$whatever')).toBe(false);
  });

  it('treats NFC and NFD spellings of a password as the same', async () => {
    const hash = await hashPassword('Caf\u00e9 au lait, s\u2019il vous pla\u00eet');
    expect(await verifyPassword('Cafe\u0301 au lait, s\u2019il vous pla\u00eet', hash)).toBe(true);
  });
});

describe('password strength', () => {
  it('refuses common and personal passwords, accepts long passphrases', async () => {
    expect((await ratePassword('password1')).ok).toBe(false);
    expect((await ratePassword('alice2026', ['alice'])).ok).toBe(false);
    const weak = await ratePassword('qwertyuiop');
    expect(weak.warning ?? weak.suggestions.join(' ')).not.toBe('');
    expect((await ratePassword('correct horse battery staple 42')).ok).toBe(true);
  });
});

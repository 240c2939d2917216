import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.js';
import { InvalidInputError } from './errors.js';

describe('resolveConfig', () => {
  it('has documented defaults', () => {
    const c = resolveConfig();
    expect(c.http).toMatchObject({ host: '127.0.0.1', port: 8080 });
    expect(c.dataDir).toBe('./data');
    expect(c.trash.retentionDays).toBe(30);
    expect(c.store.gcGraceSeconds).toBe(3600);
  });

  it('merges layers key by key, later winning, ignoring undefined', () => {
    const c = resolveConfig({ http: { port: 1, host: '::1' } }, { http: { port: 2 } }, { http: { port: undefined } });
    expect(c.http).toMatchObject({ port: 2, host: '::1' });
  });

  it('names every invalid field', () => {
    expect(() => resolveConfig({ http: { port: 70000 }, log: { level: 'loud' } })).toThrow(InvalidInputError);
    expect(() => resolveConfig({ http: { port: 70000 }, log: { level: 'loud' } })).toThrow(/http\.port.*log\.level/);
  });
});

import { describe, expect, it } from 'vitest';
import { securePaths } from './secure-upload';

const picked = (relativePath: string) => ({ file: new File(['x'], relativePath.split('/').pop()!), relativePath });

describe('securePaths', () => {
  it('keeps the folders and names, adding the secure suffix', () => {
    expect(securePaths([picked('a.txt'), picked('Trip/day 1/photo.jpg')], false).map((p) => p.relativePath)).toEqual(['a.txt.kith-secure', 'Trip/day 1/photo.jpg.kith-secure']);
  });

  it('with hidden names, gives each file a random name in its own folder', () => {
    const paths = securePaths([picked('Trip/plan.txt'), picked('Trip/route.txt')], true).map((p) => p.relativePath);
    for (const path of paths) expect(path).toMatch(/^Trip\/secure-[A-Za-z0-9_-]{12}\.kith-secure$/);
    expect(new Set(paths).size).toBe(2);
    expect(paths.join()).not.toMatch(/plan|route/);
  });
});

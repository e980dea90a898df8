import { describe, expect, it } from 'vitest';
import { commonArchitectures, gib, usedBytes } from './footprint.js';
import type { ImageCache } from './image-cache.js';
import { matchCaches, normalizeImage, sameImages } from './match.js';

const cache = (id: string, images: string[], over: Partial<ImageCache> = {}): ImageCache =>
  ({ id, images, status: 'Ready', snapshotId: `s-${id}`, creationTime: 0, architectures: ['AMD64'], copies: [], tags: [], ...over }) as ImageCache;

describe("matching caches to a group's images", () => {
  it('reads an untagged image as :latest and leaves digests alone', () => {
    expect(normalizeImage('nginx')).toBe('nginx:latest');
    expect(normalizeImage('registry:5000/team/app')).toBe('registry:5000/team/app:latest');
    expect(normalizeImage('registry:5000/team/app:1')).toBe('registry:5000/team/app:1');
    expect(normalizeImage('app@sha256:abc')).toBe('app@sha256:abc');
    expect(sameImages(['nginx', 'app:1'], ['app:1', 'nginx:latest'])).toBe(true);
    expect(sameImages(['nginx'], ['nginx', 'app:1'])).toBe(false);
  });

  it('ranks full before partial, Ready before building, the right architecture first, then more images held', () => {
    const full = cache('full', ['nginx', 'app:1']);
    const building = cache('building', ['nginx', 'app:1'], { status: 'Creating', snapshotId: undefined });
    const arm = cache('arm', ['nginx', 'app:1'], { architectures: ['ARM64'] });
    const partial = cache('partial', ['nginx']);
    const none = cache('none', ['redis']);
    const ranked = matchCaches([partial, none, arm, building, full], ['nginx:latest', 'app:1'], 'AMD64');
    expect(ranked.map((m) => [m.cache.id, m.kind, m.ready, m.archMatches, m.held])).toEqual([
      ['full', 'full', true, true, 2],
      ['arm', 'full', true, false, 2],
      ['building', 'full', false, true, 2],
      ['partial', 'partial', true, true, 1],
    ]);
  });
});

describe('what a cache takes on its disk', () => {
  const img = (layers: Array<[string, number]>, arch: Array<'AMD64' | 'ARM64'>) => ({
    image: 'x',
    digest: 'd',
    architectures: arch,
    layers: layers.map(([digest, sizeBytes]) => ({ digest, sizeBytes })),
  });
  it('counts a shared layer once and keeps the architectures every image has', () => {
    const a = img(
      [
        ['l1', 100],
        ['l2', 50],
      ],
      ['AMD64', 'ARM64'],
    );
    const b = img(
      [
        ['l1', 100],
        ['l3', 7],
      ],
      ['ARM64'],
    );
    expect(usedBytes([a, b])).toBe(157);
    expect(commonArchitectures([a, b])).toEqual(['ARM64']);
    expect(commonArchitectures([])).toEqual([]);
    expect(gib(1.5 * 1024 ** 3)).toBe('1.5');
    expect(gib(25 * 1024 ** 3)).toBe('25');
  });
});

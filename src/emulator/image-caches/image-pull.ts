// The image model's pull, as a cache build's intermediate instance does it: the same resolution
// against the world's registries and the same pull time as a group's kubelet (src/emulator/images,
// image-pulls.ts), with the registry faults counted the same way. The instance starts empty (no
// layer is present) and runs on amd64, the architecture ECI builds image caches on.
import { pullTime, resolveImage, type ImageArch } from '../images/index.js';
import type { World } from '../world/world.js';
import type { Architecture, PullImage } from './image-source.js';

const BUILDER_ARCH: ImageArch = 'amd64';
const ARCH: Record<ImageArch, Architecture> = { amd64: 'AMD64', arm64: 'ARM64' };

export function worldPull(world: World): PullImage {
  return ({ image, credentials }) => {
    const found = resolveImage(world.spec, image, {
      credentials,
      arch: BUILDER_ARCH,
      outage: (host) => world.faults.on('registry-outage', host.toLowerCase()) !== undefined,
    });
    if (!found.ok) {
      const { failure } = found;
      // The outage is what timed the dial out: it counts as a hit (`--count N`).
      if (failure.kind === 'unreachable' && failure.registry) world.faults.hit('registry-outage', failure.registry.toLowerCase());
      return { ok: false, reason: failure.reason, duration: world.scaled(failure.after) };
    }
    const slow = world.faults.hit('registry-slow', found.image.registry.host.toLowerCase());
    return {
      ok: true,
      digest: found.image.digest,
      architectures: found.image.arches.map((a) => ARCH[a]),
      layers: found.image.layers.map((l) => ({ digest: l.digest, sizeBytes: l.bytes })),
      duration: world.scaled(pullTime(found.image, new Set(), slow?.factor ?? 1).duration),
    };
  };
}

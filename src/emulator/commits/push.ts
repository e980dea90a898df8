// A push to the world's registries: the destination answers and lets the instance in exactly as
// for a pull (images/resolve.ts: DNS, reachability, an outage, a private registry's credentials),
// and the pushed image then is one of the registry's images, so a later pull finds it even in a
// closed registry. The world's bounds hold: a registry already holding its most images, or an
// image its most tags, refuses the push.
import type { Micros } from '../../model/event.js';
import { MAX_IMAGES_PER_REGISTRY, MAX_TAGS_PER_IMAGE } from '../world/bounds.js';
import { DEFAULTS } from '../world/defaults.js';
import type { RegistryWorldSpec, WorldSpec } from '../world/spec.js';
import type { World } from '../world/world.js';
import { registryOf, resolveImage, type ImageArch, type ImageReference, type PullCredential } from '../images/index.js';

const MS = 1000;
const S = 1_000_000;

export interface PushedImage {
  sizeMB: number;
  layers: number;
  arch: ImageArch;
}

export type PushCheck = { ok: true; registry: RegistryWorldSpec } | { ok: false; reason: string; after: Micros };

/** Whether the instance can push `reference` with its credentials now (not-found is fine: the push makes it). */
export function canPush(world: World, ref: ImageReference, credentials: readonly PullCredential[], arch: ImageArch): PushCheck {
  const found = resolveImage(world.spec, ref.canonical, {
    credentials,
    arch,
    outage: (host) => world.faults.on('registry-outage', host.toLowerCase()) !== undefined,
  });
  if (found.ok) return { ok: true, registry: found.image.registry };
  const f = found.failure;
  if (f.kind === 'not-found' || f.kind === 'no-matching-platform') return { ok: true, registry: registryOf(world.spec, ref.registry) };
  if (f.kind === 'unreachable' && f.registry) world.faults.hit('registry-outage', f.registry.toLowerCase());
  return { ok: false, reason: f.reason, after: f.after };
}

/** How long the push takes: a round trip per layer and two more (the upload session and the manifest), and the bytes at the registry's speed. */
export function pushTime(registry: RegistryWorldSpec, image: PushedImage): Micros {
  const latency = (registry.latencyMs ?? DEFAULTS.registryLatencyMs) * MS;
  const speed = (registry.speedMBps ?? DEFAULTS.registrySpeedMBps) * 1_000_000;
  return Math.round((image.layers + 2) * latency + ((image.sizeMB * 1_000_000) / speed) * S);
}

/** Lists the image in its registry; a reason when the world's bounds refuse it. */
export function addImage(world: World, host: string, repository: string, tag: string, image: PushedImage): string | undefined {
  return world.editSpec((spec) => addTo(spec, host, repository, tag, image));
}

function addTo(spec: WorldSpec, host: string, repository: string, tag: string, image: PushedImage): string | undefined {
  const registries = (spec.registries ??= []);
  let g = registries.find((r) => r.host.toLowerCase() === host.toLowerCase());
  if (!g) {
    // An unlisted registry is open: listing it keeps it open, now with this image described.
    g = { ...structuredClone(registryOf(spec, host)), images: [] };
    registries.push(g);
  }
  const images = (g.images ??= []);
  const listed = images.find((i) => i.repository === repository);
  const facts = { sizeMB: Math.round(image.sizeMB * 1000) / 1000, layers: image.layers, arches: [image.arch] };
  if (!listed) {
    if (images.length >= MAX_IMAGES_PER_REGISTRY) return `the registry ${g.host} holds ${images.length} images, the most the world allows`;
    images.push({ repository, tags: [tag], ...facts });
    return undefined;
  }
  const tags = listed.tags ?? ['latest'];
  if (!tags.includes(tag) && tags.length >= MAX_TAGS_PER_IMAGE) return `the repository ${repository} has ${tags.length} tags, the most the world allows`;
  // One entry stands for every tag of a repository: the newest push describes it.
  Object.assign(listed, { tags: tags.includes(tag) ? tags : [...tags, tag] }, facts);
  return undefined;
}

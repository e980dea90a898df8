// What a pull finds in the world: the image's facts, or why it cannot be had. Pure: the world's
// registries, the credentials of the pull (CreateContainerGroup's ImageRegistryCredential), the
// instance's architecture and the registries in outage are all given, so the lifecycle and the
// image-cache builder ask the same question the same way. Checked in containerd's order: the
// name resolves, the registry answers, it lets the puller in, the tag exists, the manifest list
// has the platform.
import { createHash } from 'node:crypto';
import type { Micros } from '../../model/event.js';
import type { RegistryWorldSpec, WorldSpec } from '../world/spec.js';
import { DEFAULTS } from '../world/defaults.js';
import { DOCKER_HUB, parseReference, registryHost, type ImageReference } from './reference.js';
import { runtimeReason, type PullFailureKind } from './runtime-reasons.js';

export type ImageArch = 'amd64' | 'arm64';

export interface PullCredential {
  /** The registry it is for, as ImageRegistryCredential.N.Server names it. */
  server: string;
  userName: string;
  password: string;
}

export interface ImageLayer {
  digest: string;
  bytes: number;
}

export interface ImageFacts {
  ref: ImageReference;
  /** The registry as the world describes it (defaults filled in). */
  registry: RegistryWorldSpec;
  repository: string;
  tag?: string;
  /** sha256:... of the manifest list: stable per registry, repository and image. */
  digest: string;
  bytes: number;
  layers: ImageLayer[];
  arches: ImageArch[];
}

export interface PullFailure {
  kind: PullFailureKind | 'invalid-reference';
  /** What kubelet prints after `Failed to pull image "...": `. */
  reason: string;
  /** How long the attempt takes before it fails (lookups, round trips, a dial timeout). */
  after: Micros;
  /** The registry as the world lists it (its host), once the name resolved. */
  registry?: string;
}

export type ImageResolution = { ok: true; image: ImageFacts } | { ok: false; failure: PullFailure };

export interface ResolveOptions {
  credentials?: readonly PullCredential[];
  arch: ImageArch;
  /** Registry hosts (as the world lists them) that are in outage now. */
  outage?: (host: string) => boolean;
}

const MS = 1000;
/** Go's net.Dialer timeout in containerd's default transport: a registry that does not answer fails after it. */
export const DIAL_TIMEOUT: Micros = 30_000 * MS;
/** A lookup at the VPC's DNS server. */
export const DNS_LOOKUP: Micros = 1 * MS;
/** Names that never resolve (RFC 2606, RFC 6761). */
const RESERVED_TLDS = ['invalid', 'test'];
const MB = 1_000_000;

/** Docker Hub's other names, as a credential's Server may give them. */
const DOCKER_HUB_ALIASES = new Set([DOCKER_HUB, 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** A server as credentials name it, compared as containerd's registry config does: host[:port], Docker Hub by any of its names. */
export function credentialServer(server: string): string {
  const host = server
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  return DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB : host;
}

function unresolvable(world: WorldSpec, host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (RESERVED_TLDS.some((tld) => name === tld || name.endsWith(`.${tld}`))) return true;
  return (world.unresolvable ?? []).some((u) => {
    const n = u.toLowerCase();
    return name === n || name.endsWith(`.${n}`);
  });
}

/** The world's registry a reference names; an unlisted one is public and open with the defaults. */
export function registryOf(world: WorldSpec, registry: string): RegistryWorldSpec {
  const key = registry.toLowerCase();
  const listed = (world.registries ?? []).find((g) => g.host.toLowerCase() === key);
  return (
    listed ?? {
      host: registry,
      private: false,
      credentials: [],
      reachable: true,
      speedMBps: DEFAULTS.registrySpeedMBps,
      latencyMs: DEFAULTS.registryLatencyMs,
      closed: false,
      defaultImageSizeMB: DEFAULTS.imageSizeMB,
      defaultLayers: DEFAULTS.imageLayers,
      images: [],
    }
  );
}

function latency(g: RegistryWorldSpec, roundTrips: number): Micros {
  return roundTrips * (g.latencyMs ?? DEFAULTS.registryLatencyMs) * MS;
}

function layersOf(digest: string, bytes: number, count: number): ImageLayer[] {
  const each = Math.floor(bytes / count);
  return Array.from({ length: count }, (_, i) => ({ digest: sha256(`${digest}/layer/${i}`), bytes: i === count - 1 ? bytes - each * (count - 1) : each }));
}

/** Resolves `image` against the world for one pull. */
export function resolveImage(world: WorldSpec, image: string, options: ResolveOptions): ImageResolution {
  const parsed = parseReference(image);
  if (!parsed.ok) return { ok: false, failure: { kind: 'invalid-reference', reason: parsed.reason, after: 0 } };
  const ref = parsed.ref;
  if (unresolvable(world, registryHost(ref.registry)))
    return { ok: false, failure: { kind: 'no-such-host', reason: runtimeReason('no-such-host', ref), after: DNS_LOOKUP } };
  const g = registryOf(world, ref.registry);
  const fail = (kind: PullFailureKind, after: Micros): ImageResolution => ({
    ok: false,
    failure: { kind, reason: runtimeReason(kind, ref), after, registry: g.host },
  });
  if (g.reachable === false || options.outage?.(g.host)) return fail('unreachable', DNS_LOOKUP + DIAL_TIMEOUT);
  // HEAD the manifest (401), then ask for a token: two round trips before the registry says more.
  if (g.private) {
    const mine = (options.credentials ?? []).filter((c) => credentialServer(c.server) === credentialServer(ref.registry));
    if (!mine.length) return fail('unauthorized', DNS_LOOKUP + latency(g, 2));
    if (!mine.some((c) => (g.credentials ?? []).some((k) => k.username === c.userName && k.password === c.password)))
      return fail('bad-credentials', DNS_LOOKUP + latency(g, 2));
  }
  const listed = (g.images ?? []).find((i) => i.repository === ref.repository);
  let facts: { digest: string; sizeMB: number; layers: number; arches: ImageArch[] } | undefined;
  if (listed) {
    const digest = sha256(`${g.host}/${listed.repository}:${(listed.tags ?? ['latest']).join(',')}`);
    const tagged = ref.tag === undefined || (listed.tags ?? ['latest']).includes(ref.tag);
    const pinned = ref.digest === undefined || ref.digest === digest;
    if (tagged && pinned)
      facts = {
        digest,
        sizeMB: listed.sizeMB ?? g.defaultImageSizeMB ?? DEFAULTS.imageSizeMB,
        layers: listed.layers ?? g.defaultLayers ?? DEFAULTS.imageLayers,
        arches: (listed.arches ?? ['amd64', 'arm64']) as ImageArch[],
      };
  }
  if (!facts && !g.closed) {
    facts = {
      digest: ref.digest ?? sha256(`${g.host}/${ref.repository}:${ref.tag ?? 'latest'}`),
      sizeMB: g.defaultImageSizeMB ?? DEFAULTS.imageSizeMB,
      layers: g.defaultLayers ?? DEFAULTS.imageLayers,
      arches: ['amd64', 'arm64'],
    };
  }
  // The token, then the HEAD that answers 404.
  if (!facts) return fail('not-found', DNS_LOOKUP + latency(g, 3));
  // The manifest list is fetched, and it has no entry for the instance's platform.
  if (!facts.arches.includes(options.arch)) return fail('no-matching-platform', DNS_LOOKUP + latency(g, 4));
  const bytes = Math.round(facts.sizeMB * MB);
  return {
    ok: true,
    image: {
      ref,
      registry: g,
      repository: ref.repository,
      ...(ref.tag ? { tag: ref.tag } : {}),
      digest: facts.digest,
      bytes,
      layers: layersOf(facts.digest, bytes, facts.layers),
      arches: facts.arches,
    },
  };
}

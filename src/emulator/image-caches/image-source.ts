// The seam between image caches and the image model (registries, images, pulls): building a
// cache pulls each image through this one function, so a cache fails for exactly the reasons a
// pull does. The image model answers it; the caches never look at registries themselves.
import type { Micros } from '../../model/event.js';

export type Architecture = 'AMD64' | 'ARM64';

export interface RegistryCredential {
  server: string;
  userName: string;
  password: string;
}

export interface PullRequest {
  image: string;
  account: string;
  regionId: string;
  credentials: readonly RegistryCredential[];
}

/** An image pulled: its digest, architectures and layers, and how long the pull took on the model. */
export interface PulledImage {
  ok: true;
  digest: string;
  architectures: Architecture[];
  layers: Array<{ digest: string; sizeBytes: number }>;
  duration: Micros;
}

/** A pull refused: the container runtime's reason, as the kubelet's `Failed to pull image "…": <reason>` shows it. */
export interface PullFailure {
  ok: false;
  reason: string;
  /** How long the runtime tried before it gave up. */
  duration: Micros;
}

export type PullOutcome = PulledImage | PullFailure;

/** Pulls one image as an instance of the account in the region would. */
export type PullImage = (req: PullRequest) => PullOutcome;

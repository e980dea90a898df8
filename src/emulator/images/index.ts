// Images and registries: parse a reference as containerd does, resolve it against the world for
// one pull (the image's facts, or the runtime's reason it fails), and how long the pull takes.
// The seam the lifecycle's pulls and the image-cache builder share.
export { parseReference, registryHost, isRegistryHost, DOCKER_HUB, type ImageReference, type ReferenceResult } from './reference.js';
export {
  resolveImage,
  registryOf,
  credentialServer,
  DIAL_TIMEOUT,
  DNS_LOOKUP,
  type ImageArch,
  type ImageFacts,
  type ImageLayer,
  type ImageResolution,
  type PullCredential,
  type PullFailure,
  type ResolveOptions,
} from './resolve.js';
export { runtimeReason, registryAddress, VPC_DNS_SERVER, type PullFailureKind } from './runtime-reasons.js';
export { pullTime, MANIFEST_ROUND_TRIPS, type PullTime } from './pull-time.js';

// Image references parsed as docker and containerd parse them: the grammar of
// distribution/reference (reference.go, regexp.go) and its normalisation (normalize.go:
// ParseNormalizedNamed, splitDockerDomain): a first component with no dot, colon or capital and
// other than `localhost` is a Docker Hub path, `docker.io/library/` goes before a one-component
// Docker Hub name, `index.docker.io` is `docker.io`, and a reference with neither tag nor digest
// means `:latest`. Written here rather than taken from npm: the parsers there are small,
// unmaintained and disagree with distribution/reference on the normalisation.

/** alpha-numeric [separator alpha-numeric]*: separator is `.`, one or two `_`, or dashes. */
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);
/** distribution/reference refuses a name longer than this (NameTotalLengthMax). */
const NAME_TOTAL_LENGTH_MAX = 255;
const ANCHORED_IDENTIFIER = /^[a-f0-9]{64}$/;

export const DOCKER_HUB = 'docker.io';

export interface ImageReference {
  /** The registry host as the reference names it, port included (docker.io for Docker Hub). */
  registry: string;
  /** The repository path in the registry (library/nginx). */
  repository: string;
  /** The tag (latest when the reference gives neither tag nor digest). */
  tag?: string;
  /** sha256:... when the reference pins a digest. */
  digest?: string;
  /** The fully qualified reference as containerd prints it (docker.io/library/nginx:latest). */
  canonical: string;
}

export type ReferenceResult = { ok: true; ref: ImageReference } | { ok: false; reason: string };

/** The domain and path of a name, as splitDockerDomain splits it. */
function splitDomain(name: string): { domain: string; path: string } {
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  let domain: string;
  let path: string;
  if (slash === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DOCKER_HUB;
    path = name;
  } else {
    domain = first;
    path = name.slice(slash + 1);
  }
  if (domain === 'index.docker.io') domain = DOCKER_HUB;
  if (domain === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;
  return { domain, path };
}

/** Parses a reference as ParseDockerRef does; the reason is distribution/reference's error text. */
export function parseReference(input: string): ReferenceResult {
  if (input === '') return { ok: false, reason: 'invalid reference format' };
  if (ANCHORED_IDENTIFIER.test(input)) return { ok: false, reason: `invalid repository name (${input}), cannot specify 64-byte hexadecimal strings` };
  // As ParseNormalizedNamed: the path up to the tag must be lowercase (a capital in the domain is fine).
  const remote = splitDomain(input).path.split(/[:@]/)[0]!;
  if (remote.toLowerCase() !== remote) return { ok: false, reason: `invalid reference format: repository name (${remote}) must be lowercase` };
  const m = REFERENCE.exec(input);
  if (!m) return { ok: false, reason: 'invalid reference format' };
  if (m[1]!.length > NAME_TOTAL_LENGTH_MAX) return { ok: false, reason: `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters` };
  const { domain, path } = splitDomain(m[1]!);
  const digest = m[3];
  const tag = m[2] ?? (digest ? undefined : 'latest');
  const canonical = `${domain}/${path}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  return { ok: true, ref: { registry: domain, repository: path, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}), canonical } };
}

/** Whether `text` is a registry as a reference's first part names one: a DNS name or [address], with an optional port. */
export function isRegistryHost(text: string): boolean {
  return text.length <= 260 && new RegExp(`^${DOMAIN}$`).test(text);
}

/** The host a registry name is reached at, without a port (a DNS name or an address). */
export function registryHost(registry: string): string {
  if (registry.startsWith('[')) return registry.slice(0, registry.indexOf(']') + 1);
  return registry.replace(/:\d+$/, '');
}

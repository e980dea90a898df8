// Identifiers the emulator makes up: group ids in ECI's form, and stable stand-ins for what a
// real host would report (image digests, container ids).
import { createHash, randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** Characters after `eci-` in a group id. */
export const GROUP_ID_LENGTH = 20;

/** `eci-` + the region's id prefix + random lowercase letters and digits, 20 in all. */
export function newGroupId(regionPrefix: string): string {
  let id = regionPrefix.slice(0, GROUP_ID_LENGTH);
  while (id.length < GROUP_ID_LENGTH) id += ALPHABET[randomInt(ALPHABET.length)];
  return `eci-${id}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The digest a registry would give the image: stable per image reference. */
export function imageId(image: string): string {
  return `${image.split('@')[0]}@sha256:${sha256(`image:${image}`)}`;
}

/** The runtime's id of one run of a container: stable per group, container and start time. */
export function containerId(groupId: string, name: string, startedAt: number): string {
  return `containerd://${sha256(`${groupId}/${name}/${startedAt}`)}`;
}

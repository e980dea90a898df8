// Ids of what image caches make, in ECI's forms: imc-… for the cache, s-… for a snapshot, eci-…
// for the intermediate instance; each the region's id prefix then random lowercase letters and
// digits, as ECI's own ids read (imc-bp195erqe9o2pb09****, s-2zec5oj8e1yhxijt****).
import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function newId(kind: 'imc' | 's' | 'eci' | 'vnd', regionPrefix: string, length = 20): string {
  let body = regionPrefix.slice(0, length);
  while (body.length < length) body += ALPHABET[randomInt(ALPHABET.length)];
  return `${kind}-${body}`;
}

// The shell lines that point the CLI and the SDK snippets (sdk-snippets.ts) at a service with a
// key: the same three variables everywhere a key is handed out (serve's banner, `keys create`).
import type { AccessKey } from '../store/key-store.js';

/** Single quotes for anything a shell would read otherwise (keys are letters and digits). */
const shellWord = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function keyEnvironment(endpoint: string, key: Pick<AccessKey, 'accessKeyId' | 'accessKeySecret'>): string[] {
  return [
    `export ECI_EVENTS_ENDPOINT=${shellWord(endpoint)}`,
    `export ECI_EVENTS_ACCESS_KEY_ID=${shellWord(key.accessKeyId)}`,
    `export ECI_EVENTS_ACCESS_KEY_SECRET=${shellWord(key.accessKeySecret)}`,
  ];
}

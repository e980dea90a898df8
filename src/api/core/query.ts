import { unstorableText } from '../../model/text.js';
import { ApiError, invalid } from './errors.js';

/** Longest query string accepted; the SDK's largest requests are far below it. */
export const MAX_QUERY_LENGTH = 256 * 1024;

/** Decodes the query string once, refusing what the SDK would never send. */
export function decodeQuery(url: string): Record<string, string> {
  const at = url.indexOf('?');
  const raw = at < 0 ? '' : url.slice(at + 1);
  if (raw.length > MAX_QUERY_LENGTH)
    throw new ApiError('InvalidParameter', `The query string is ${raw.length} characters long; at most ${MAX_QUERY_LENGTH} are accepted.`);
  const out: Record<string, string> = Object.create(null);
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
      value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      throw new ApiError('InvalidParameter', `The query string is not valid percent-encoding near ${JSON.stringify(pair.slice(0, 64))}.`);
    }
    // Every parameter may reach a store (names, tags, env, the nonce): refuse what none can hold.
    const keyProblem = unstorableText(key);
    const problem = keyProblem ? `is a name that ${keyProblem}` : unstorableText(value);
    if (problem) throw invalid(JSON.stringify(key).slice(1, -1).slice(0, 128), `it ${problem}.`);
    if (key in out) throw new ApiError('InvalidParameter', `The parameter "${key.slice(0, 128)}" is given more than once.`);
    out[key] = value;
  }
  return out;
}

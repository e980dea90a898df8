// The resources an account creates through the OpenAPI and then names by id (image caches, data
// caches, virtual nodes): kept by id, found only by their own account (and region when asked),
// and remembered by the ClientToken of the creation that made them, so a retried creation answers
// the same resource instead of making another.
import { DEFAULT_ACCOUNT } from '../model/event.js';

export interface Owner {
  account: string;
  regionId: string;
}

export class OwnedResources<E> extends Map<string, E> {
  private readonly tokens = new Map<string, string>();

  constructor(private readonly ownerOf: (entry: E) => Owner) {
    super();
  }

  /** The resource an earlier creation with this token made for the account, if any. */
  byToken(account: string, token: string | undefined): E | undefined {
    const id = token ? this.tokens.get(tokenKey(account, token)) : undefined;
    return id === undefined ? undefined : this.get(id);
  }

  /** Remembers that the creation with this token (if it had one) made `id`. */
  remember(account: string, token: string | undefined, id: string): void {
    if (token) this.tokens.set(tokenKey(account, token), id);
  }

  /** The ClientTokens that name the resource (its document keeps them). */
  tokensOf(id: string): string[] {
    return [...this.tokens].filter(([, v]) => v === id).map(([k]) => k.slice(k.indexOf('\u0000') + 1));
  }

  /** Forgets the resource and the tokens that named it. */
  override delete(id: string): boolean {
    for (const [key, value] of this.tokens) if (value === id) this.tokens.delete(key);
    return super.delete(id);
  }

  /** The account's resources in the region, in the order they were made. */
  inRegion(account: string, regionId: string): E[] {
    return [...this.values()].filter((e) => {
      const o = this.ownerOf(e);
      return o.account === account && o.regionId === regionId;
    });
  }

  /** The resource with this id if it is the account's (and in the region, when one is given). */
  find(account: string, id: string, regionId?: string): E | undefined {
    const e = this.get(id);
    if (e === undefined) return undefined;
    const o = this.ownerOf(e);
    if (o.account !== (account || DEFAULT_ACCOUNT)) return undefined;
    return regionId === undefined || o.regionId === regionId ? e : undefined;
  }
}

const tokenKey = (account: string, token: string) => `${account}\u0000${token}`;

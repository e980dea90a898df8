// A list of events, in the order of the change feed (oldest change first): a page ends at a
// version, and the next starts after it. An event that changes while a client pages moves to the
// end, so it is never skipped: at worst a client sees it twice, its newer state last. A continue
// token whose position retention overtook is 410 Expired, as the API server answers one past compaction.
import type { ChangeScope, EventStore } from '../../store/index.js';
import type { StoredEvent } from '../../model/event.js';
import { expiredList } from './expired.js';
import { decodeContinue, encodeContinue, type ListOptions } from './list-options.js';

/** Events read per query while filling a page. */
const READ_PAGE = 1000;

export interface EventPage {
  items: StoredEvent[];
  /** The store's version when the list began: a watch from it misses nothing the list did not show. */
  resourceVersion: number;
  continueToken?: string;
}

export async function listEvents(store: EventStore, scope: ChangeScope, options: ListOptions): Promise<EventPage> {
  const { after: start, listVersion } = options.continueToken ? decodeContinue(options.continueToken) : { after: 0, listVersion: await store.latestVersion() };
  if (!options.labelsMatch) return { items: [], resourceVersion: listVersion };
  const want = options.limit > 0 ? options.limit : Infinity;
  const items: StoredEvent[] = [];
  let after = start;
  // One more than asked for tells whether there is a next page.
  while (items.length <= want) {
    const n = Math.min(READ_PAGE, want + 1 - items.length);
    let page: StoredEvent[];
    try {
      // A new list starts over from whatever is kept; a continued one resumes its position.
      page = await store.changesAfter(after, n, scope, { startOver: !options.continueToken && after === 0 });
    } catch (err) {
      throw expiredList(err, options.continueToken !== undefined);
    }
    items.push(...page);
    if (page.length < n) break;
    after = page[page.length - 1]!.resourceVersion;
  }
  if (items.length <= want) return { items, resourceVersion: listVersion };
  items.length = want;
  return { items, resourceVersion: listVersion, continueToken: encodeContinue(items[items.length - 1]!.resourceVersion, listVersion) };
}

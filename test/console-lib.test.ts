// Unit tests of the console's logic without a browser: formatting, filters (URL, API query, live
// matching), merging live changes into a paged list, the catalog's sections and matching, the
// groups list's query and paging, and the chart's geometry.
import { describe, expect, it } from 'vitest';
import { CATALOG_SECTIONS, catalogReasons, rowForEvent, searchCatalog, sectionRows, templateRegExp } from '../console/src/lib/catalog.js';
import { appendPage, capList, compareNewestFirst, eventKey, mergeEvents } from '../console/src/lib/events-list.js';
import {
  apiParams,
  chartBounds,
  fittedLabel,
  filtersToSearch,
  isFiltered,
  matchesFilters,
  NO_FILTERS,
  parseFilters,
  timeBounds,
  type EventFilters,
} from '../console/src/lib/filters.js';
import { describeTimeZone, formatCount, formatGiB, formatSeconds, formatTime } from '../console/src/lib/format.js';
import {
  IMAGE_CACHE_STATUSES as CONSOLE_CACHE_STATUSES,
  imageCachesApiParams,
  imageCachesQueryToSearch,
  parseImageCachesQuery,
} from '../console/src/lib/image-caches-query.js';
import { DATA_CACHE_STATUSES as CONSOLE_DATA_CACHE_STATUSES, LOADING_STATUSES, parseDataCachesQuery } from '../console/src/lib/data-caches-query.js';
import { DEFAULT_GROUPS_QUERY, groupsApiParams, groupsQueryToSearch, pageInfo, parseGroupsQuery, sortBy } from '../console/src/lib/groups-query.js';
import { describeHistogram, layoutHistogram, niceMax } from '../console/src/lib/histogram.js';
import type { CatalogRow, EventJson, Histogram } from '../console/src/lib/types.js';
import { CATALOG_GROUPS, ROWS } from '../src/catalog/index.js';
import { DATA_CACHE_STATUSES, IMAGE_CACHE_STATUSES, VIRTUAL_NODE_STATUSES } from '../src/emulator/index.js';
import { VIRTUAL_NODE_STATUSES as CONSOLE_NODE_STATUSES } from '../console/src/lib/virtual-nodes-query.js';
import { LOADING } from '../src/emulator/data-caches/data-cache.js';

function ev(over: Partial<EventJson> & { uid?: string; rv?: number } = {}): EventJson {
  const { uid = 'u1', rv = 1, ...rest } = over;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `pod.${uid}`, namespace: 'default', uid, resourceVersion: String(rv), creationTimestamp: '2025-08-27T07:51:06Z' },
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'pod', namespace: 'default', uid: 'eci-1' },
    reason: 'NoStock',
    message: 'Create ECI failed because the specified instance is out of stock. cn-hangzhou-k',
    type: 'Warning',
    count: 1,
    firstTimestamp: '2025-08-27T07:51:06Z',
    lastTimestamp: '2025-08-27T07:51:06Z',
    source: { component: 'EciService' },
    reportingComponent: 'EciService',
    reportingInstance: '',
    containerGroupId: 'eci-1',
    ...rest,
  };
}

describe('format', () => {
  it('shows times as the ECI console does, in the viewer zone', () => {
    expect(formatTime('2025-08-27T07:51:06Z', 'Asia/Shanghai')).toBe('2025-08-27 15:51:06');
    expect(formatTime('2025-08-27T07:51:06.123456Z', 'UTC')).toBe('2025-08-27 07:51:06');
    expect(formatTime('2025-12-31T23:00:00Z', 'Asia/Shanghai')).toBe('2026-01-01 07:00:00');
    expect(formatTime(undefined)).toBe('');
    expect(formatTime('not a time')).toBe('not a time');
  });
  it('names the zone with its offset', () => {
    expect(describeTimeZone('Asia/Shanghai', Date.parse('2025-08-27T00:00:00Z'))).toBe('Asia/Shanghai (UTC+08:00)');
    expect(describeTimeZone('UTC')).toBe('UTC (UTC+00:00)');
    expect(describeTimeZone('America/New_York', Date.parse('2025-01-15T12:00:00Z'))).toBe('America/New_York (UTC-05:00)');
  });
  it('counts and durations', () => {
    expect(formatCount(100000)).toBe('100,000');
    expect(formatSeconds(30)).toBe('30s');
    expect(formatSeconds(90)).toBe('1m 30s');
    expect(formatSeconds(3600)).toBe('1h');
    expect(formatSeconds(2 * 86_400)).toBe('2d');
  });
});

describe('filters', () => {
  const f: EventFilters = { type: 'Warning', reasons: ['NoStock', 'OOMKilled'], q: ' oom ', range: '1h', from: '', to: '' };

  it('round-trips through the URL, keeping other parameters', () => {
    const s = filtersToSearch(f, new URLSearchParams('tab=x&type=Normal'));
    expect(s.get('tab')).toBe('x');
    expect(s.toString()).toBe('tab=x&type=Warning&reason=NoStock%2COOMKilled&q=oom&range=1h');
    expect(parseFilters(s)).toEqual({ ...f, q: 'oom' });
    expect(parseFilters(new URLSearchParams('type=Bogus&range=2y&from=x'))).toEqual(NO_FILTERS);
    expect(isFiltered(NO_FILTERS)).toBe(false);
    expect(isFiltered({ ...NO_FILTERS, q: 'x' })).toBe(true);
  });

  it('counts a preset range back from the service clock; a custom one is as given', () => {
    const now = Date.parse('2025-08-27T08:00:00Z');
    expect(timeBounds(f, now)).toEqual({ from: '2025-08-27T07:00:00.000Z' });
    expect(timeBounds(NO_FILTERS, now)).toEqual({});
    const custom = parseFilters(new URLSearchParams('range=custom&from=2025-08-27T07:00:00Z&to=2025-08-27T07:30:00Z'));
    expect(timeBounds(custom, now)).toEqual({ from: '2025-08-27T07:00:00Z', to: '2025-08-27T07:30:00Z' });
  });

  it('gives the chart a chosen range that counts the clock’s own second, and none to fit to the events without one', () => {
    const now = Date.parse('2025-08-27T08:00:00Z');
    expect(chartBounds(NO_FILTERS, now)).toEqual({});
    expect(fittedLabel({ from: '2025-08-27T07:45:01Z', to: '2025-08-27T08:00:01Z' })).toBe('last 15 minutes, fitted to the events');
    expect(fittedLabel({ from: '2025-08-20T07:00:00Z', to: '2025-08-27T08:00:01Z' })).toMatch(/^since .+, fitted to the events$/);
    expect(chartBounds(f, now + 400)).toEqual({ from: '2025-08-27T07:00:01Z', to: '2025-08-27T08:00:01Z', label: 'last hour' });
    const custom = parseFilters(new URLSearchParams('range=custom&from=2025-08-27T07:00:00Z'));
    expect(chartBounds(custom, now)).toEqual({ from: '2025-08-27T07:00:00Z', to: '2025-08-27T08:00:01Z', label: 'the chosen range' });
    const to = parseFilters(new URLSearchParams('range=custom&to=2025-08-27T07:00:00Z'));
    expect(chartBounds(to, now)).toEqual({ from: '2025-08-26T07:00:00Z', to: '2025-08-27T07:00:00Z', label: 'the chosen range' });
  });

  it('makes the API query', () => {
    expect(apiParams(f, { from: 'A' }, { containerGroupId: 'eci-1' })).toEqual({
      containerGroupId: 'eci-1',
      type: 'Warning',
      reason: 'NoStock,OOMKilled',
      q: 'oom',
      from: 'A',
    });
    expect(apiParams(NO_FILTERS, {})).toEqual({});
    expect(apiParams(NO_FILTERS, {}, { kind: 'ImageCache', name: 'imc-1' })).toEqual({ kind: 'ImageCache', name: 'imc-1' });
  });

  it("matches a live event against an involved object (an image cache's Events tab)", () => {
    const cache = { apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', name: 'imc-1', namespace: 'default', uid: 'imc-1' };
    const e = ev({ reason: 'ImageCacheFinished', message: 'Image cache [imc-1] has been made successfully', involvedObject: cache });
    expect(matchesFilters(e, NO_FILTERS, {}, { kind: 'ImageCache', name: 'imc-1' })).toBe(true);
    expect(matchesFilters(e, NO_FILTERS, {}, { kind: 'ImageCache', name: 'imc-2' })).toBe(false);
    expect(matchesFilters(e, NO_FILTERS, {}, { kind: 'Pod', name: 'imc-1' })).toBe(false);
    expect(matchesFilters({ ...e, involvedObject: { ...cache, kind: 'Pod' } }, NO_FILTERS, {}, { kind: 'ImageCache' })).toBe(false);
  });

  it('matches a live event against the filters', () => {
    const e = ev({ reason: 'OOMKilled', message: 'Memory cgroup out of memory: Kill process 1', lastTimestamp: '2025-08-27T07:30:00Z' });
    const b = { from: '2025-08-27T07:00:00Z' };
    expect(matchesFilters(e, f, b, { containerGroupId: 'eci-1' })).toBe(true);
    expect(matchesFilters(e, f, b, { containerGroupId: 'eci-2' })).toBe(false);
    expect(matchesFilters({ ...e, type: 'Normal' }, f, b)).toBe(false);
    expect(matchesFilters({ ...e, reason: 'Pulled' }, f, b)).toBe(false);
    expect(matchesFilters(e, { ...f, q: 'MEMORY CGROUP' }, b)).toBe(true);
    expect(matchesFilters(e, { ...f, q: 'nothing' }, b)).toBe(false);
    expect(matchesFilters(e, f, { from: '2025-08-27T07:45:00Z' })).toBe(false);
    expect(matchesFilters(e, NO_FILTERS, { to: '2025-08-27T07:30:00Z' })).toBe(false);
    expect(matchesFilters(e, NO_FILTERS, { from: '2025-08-27T07:30:00Z', to: '2025-08-27T07:30:01Z' })).toBe(true);
    expect(matchesFilters(e, { ...NO_FILTERS, q: 'pod' }, {})).toBe(false);
    expect(matchesFilters(e, NO_FILTERS, {})).toBe(true);
  });
});

describe('a list of events with live changes', () => {
  const a = ev({ uid: 'a', rv: 1, lastTimestamp: '2025-08-27T07:00:00Z' });
  const b = ev({ uid: 'b', rv: 2, lastTimestamp: '2025-08-27T07:10:00Z' });
  const c = ev({ uid: 'c', rv: 3, lastTimestamp: '2025-08-27T07:20:00Z' });

  it('orders newest first, by last time then version', () => {
    const same = ev({ uid: 'd', rv: 9, lastTimestamp: c.lastTimestamp });
    expect([a, c, b, same].sort(compareNewestFirst).map(eventKey)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('puts a new event on top and a repeat in place of its old row', () => {
    let r = mergeEvents([b, a], [c], true);
    expect(r.items.map(eventKey)).toEqual(['c', 'b', 'a']);
    expect(r.added).toEqual(['c']);
    const a2 = { ...a, count: 5, lastTimestamp: '2025-08-27T07:30:00Z', metadata: { ...a.metadata, resourceVersion: '4' } };
    r = mergeEvents(r.items, [a2], true);
    expect(r.items.map(eventKey)).toEqual(['a', 'c', 'b']);
    expect(r.items[0]!.count).toBe(5);
    expect(r.updated).toEqual(['a']);
  });

  it('ignores a change it already has, and an older version', () => {
    const list = [c, b, a];
    expect(mergeEvents(list, [b], true).items).toBe(list);
    expect(mergeEvents(list, [{ ...b, count: 9, metadata: { ...b.metadata, resourceVersion: '1' } }], true).items).toBe(list);
  });

  it('leaves out an event older than the loaded pages while older pages remain', () => {
    const old = ev({ uid: 'old', rv: 10, lastTimestamp: '2025-08-27T06:00:00Z' });
    expect(mergeEvents([c, b], [old], false).items.map(eventKey)).toEqual(['c', 'b']);
    expect(mergeEvents([c, b], [old], true).items.map(eventKey)).toEqual(['c', 'b', 'old']);
  });

  it('lets the oldest rows go when a storm would grow the list past its cap', () => {
    expect(capList([c, b, a], 3)).toEqual({ items: [c, b, a], trimmed: false });
    expect(capList([c, b, a], 2)).toEqual({ items: [c, b], trimmed: true });
  });

  it('appends an older page without duplicates', () => {
    expect(appendPage([c, b], [b, a]).map(eventKey)).toEqual(['c', 'b', 'a']);
  });
});

const catalogRows: CatalogRow[] = ROWS.map((r) => ({ ...r }));

describe('catalog', () => {
  it('sections the 94 rows as the seed does, in its order', () => {
    const sections = sectionRows(catalogRows);
    expect(sections.map((s) => s.group)).toEqual([...CATALOG_GROUPS]);
    expect(CATALOG_SECTIONS.map((s) => s.group)).toEqual([...CATALOG_GROUPS]);
    expect(sections.map((s) => s.rows.length)).toEqual([32, 26, 5, 4, 15, 12]);
    expect(sections.flatMap((s) => s.rows)).toEqual(catalogRows);
    expect(sections[0]!.title).toBe('ECI instance (ContainerGroup) events');
    const withAgent = sectionRows([...catalogRows, { group: 'K8sAgent', reason: 'Pulled', type: 'Normal', message: 'm', description: 'd' }]);
    expect(withAgent.at(-1)!.title).toBe('Kubernetes agent (K8sAgent) events');
  });

  it('searches every word in reason, message, description and module', () => {
    expect(searchCatalog(catalogRows, 'nostock').map((r) => r.reason)).toEqual(['NoStock']);
    expect(searchCatalog(catalogRows, 'image cache flash').length).toBeGreaterThan(3);
    expect(searchCatalog(catalogRows, 'EIP').every((r) => r.resource === 'EIP' || /eip/i.test(r.message + r.description + r.reason))).toBe(true);
    expect(searchCatalog(catalogRows, '').length).toBe(94);
  });

  it('finds the row behind an event, by its template when a reason has two', () => {
    expect(rowForEvent(catalogRows, { reason: 'FailedScheduling', message: 'Schedule eci failed:no host' })!.message).toBe('Schedule eci failed:%s');
    expect(rowForEvent(catalogRows, { reason: 'FailedScheduling', message: 'Unknown error occurred.' })!.message).toBe('Unknown error occurred.');
    expect(rowForEvent(catalogRows, { reason: 'DiskCapacityQuotaFull', message: 'Your disk capacity quota in [cn-hangzhou] is exceeded' })!.message).toContain(
      '[%s]',
    );
    expect(
      rowForEvent(catalogRows, {
        reason: 'Throttling',
        message: 'The request was denied due to system flow control, please wait and try again later, flowControlType:User',
      })!.message,
    ).toContain('flowControlType');
    expect(
      rowForEvent(catalogRows, { reason: 'Throttling', message: 'The request was denied due to system flow control, please wait and try again later' })!
        .message,
    ).not.toContain('flowControlType');
    expect(rowForEvent(catalogRows, { reason: 'OOMKilled', message: 'Out of memory' })!.group).toBe('SystemOM');
    expect(rowForEvent(catalogRows, { reason: 'Nope', message: '' })).toBeUndefined();
    expect(templateRegExp('Attach disk %s failed').test('(combined from similar events): Attach disk d-1 failed')).toBe(true);
    expect(catalogReasons(catalogRows)).toContain('NoStock');
    expect(new Set(catalogReasons(catalogRows)).size).toBe(catalogReasons(catalogRows).length);
  });
});

describe('groups list query', () => {
  it('parses the URL with defaults and writes back only what differs', () => {
    expect(parseGroupsQuery(new URLSearchParams(''))).toEqual(DEFAULT_GROUPS_QUERY);
    const g = parseGroupsQuery(new URLSearchParams('q=web&status=Running&sort=name&offset=100&limit=20'));
    expect(g).toEqual({ q: 'web', status: 'Running', regionId: '', sort: 'name', order: 'asc', offset: 100, limit: 20 });
    expect(groupsQueryToSearch(g).toString()).toBe('q=web&status=Running&sort=name&offset=100&limit=20');
    expect(groupsQueryToSearch(DEFAULT_GROUPS_QUERY).toString()).toBe('');
    expect(parseGroupsQuery(new URLSearchParams('sort=evil&limit=7&offset=-3'))).toEqual(DEFAULT_GROUPS_QUERY);
    expect(groupsApiParams(g)).toEqual({ q: 'web', status: 'Running', sort: 'name', order: 'asc', offset: '100', limit: '20' });
  });
  it('sorts by a column: its default order first, then flipped; back to the first page', () => {
    const g = { ...DEFAULT_GROUPS_QUERY, offset: 200 };
    expect(sortBy(g, 'name')).toMatchObject({ sort: 'name', order: 'asc', offset: 0 });
    expect(sortBy(sortBy(g, 'name'), 'name')).toMatchObject({ sort: 'name', order: 'desc' });
    expect(sortBy(g, 'created')).toMatchObject({ sort: 'created', order: 'asc' });
    expect(sortBy(g, 'warnings')).toMatchObject({ order: 'desc' });
  });
  it('pages through tens of thousands', () => {
    expect(pageInfo(0, 50, 40_000, 50)).toEqual({ first: 1, last: 50, total: 40_000, page: 1, pages: 800, hasPrev: false, hasNext: true });
    expect(pageInfo(39_950, 50, 40_000, 50)).toMatchObject({ page: 800, hasNext: false, hasPrev: true });
    expect(pageInfo(0, 50, 0, 0)).toMatchObject({ first: 0, last: 0, pages: 1, hasNext: false });
  });
});

describe('chart', () => {
  const h: Histogram = {
    from: '2025-08-27T07:00:00Z',
    to: '2025-08-27T08:00:00Z',
    bucketSeconds: 1200,
    buckets: [
      { start: '2025-08-27T07:00:00Z', Normal: 3, Warning: 0 },
      { start: '2025-08-27T07:20:00Z', Normal: 4, Warning: 13 },
      { start: '2025-08-27T07:40:00Z', Normal: 0, Warning: 0 },
    ],
  };
  it('rounds the scale and stacks Warning on Normal', () => {
    expect([0, 1, 7, 17, 20, 21, 99_999].map(niceMax)).toEqual([1, 1, 10, 20, 20, 50, 100_000]);
    const l = layoutHistogram(h, 300, 100, 0);
    expect(l.max).toBe(20);
    expect(l.totals).toEqual({ normal: 7, warning: 13 });
    expect(l.bars.map((b) => b.x)).toEqual([0, 100, 200]);
    expect(l.bars[1]).toMatchObject({ normalHeight: 20, warningHeight: 65, width: 100 });
    expect(l.ticks).toEqual([0, 10, 20]);
  });
  it('says what it shows', () => {
    expect(describeHistogram(h)).toBe('13 Warning and 7 Normal occurrences in 3 buckets of 20m; the busiest 20m had 17.');
  });
});

describe('the image caches list', () => {
  it('keeps its query in the URL, only what is set, and refuses a status DescribeImageCaches does not have', () => {
    const q = parseImageCachesQuery(new URLSearchParams('q=%20web%20&status=Ready&regionId=cn-beijing&after=YzE'));
    expect(q).toEqual({ q: ' web ', status: 'Ready', regionId: 'cn-beijing', after: 'YzE' });
    expect(imageCachesQueryToSearch(q).toString()).toBe('q=web&status=Ready&regionId=cn-beijing&after=YzE');
    expect(imageCachesApiParams(q, 50)).toEqual({ limit: '50', q: 'web', status: 'Ready', regionId: 'cn-beijing', after: 'YzE' });
    expect(parseImageCachesQuery(new URLSearchParams('status=Done')).status).toBe('');
    expect(imageCachesQueryToSearch(parseImageCachesQuery(new URLSearchParams())).toString()).toBe('');
    // The console's own copy (it is built apart from the service) is the emulator's list.
    expect([...CONSOLE_CACHE_STATUSES]).toEqual([...IMAGE_CACHE_STATUSES]);
  });

  it("keeps the data caches query in the URL as the image caches one, with DescribeDataCaches' statuses", () => {
    const q = parseDataCachesQuery(new URLSearchParams('q=qwen&status=Available&regionId=cn-hangzhou'));
    expect(q).toEqual({ q: 'qwen', status: 'Available', regionId: 'cn-hangzhou', after: '' });
    expect(parseDataCachesQuery(new URLSearchParams('status=Ready')).status).toBe('');
    expect([...CONSOLE_DATA_CACHE_STATUSES]).toEqual([...DATA_CACHE_STATUSES]);
    // The loading statuses are the emulator's: while one is shown the console reads again on a timer.
    expect([...LOADING_STATUSES].sort()).toEqual([...LOADING].sort());
    expect([...CONSOLE_NODE_STATUSES]).toEqual([...VIRTUAL_NODE_STATUSES]);
  });

  it('writes sizes in GiB as ImageCacheCapacityUtilization does (two decimals, trailing zeros dropped)', () => {
    expect(formatGiB(500_000_000)).toBe('0.47');
    expect(formatGiB(1.5 * 1024 ** 3)).toBe('1.5');
    expect(formatGiB(20 * 1024 ** 3)).toBe('20');
    expect(formatGiB(1000)).toBe('< 0.01');
    expect(formatGiB(0)).toBe('0');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { refusal, S, T0, world } from '../../test/support/emulator-world.js';
import type { CreateRequest, ListFilter } from './requests.js';

// DescribeContainerGroups: order, NextToken paging, filters, account isolation, retention.

const req = (name: string, more: Partial<CreateRequest> = {}): CreateRequest => ({
  regionId: 'cn-hangzhou',
  containerGroupName: name,
  containers: [{ name: 'c', image: 'nginx' }],
  ...more,
});

describe('list', () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => w.close());

  it('pages newest first with a NextToken that stays valid across creates and deletes', () => {
    w = world();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(w.emu.create(req(`g${i}`)).id);
      w.advance(1);
    }
    const names = (r: { groups: { name: string }[] }) => r.groups.map((g) => g.name);
    const first = w.emu.list('default', 'cn-hangzhou', {}, { limit: 2 });
    expect(names(first)).toEqual(['g4', 'g3']);
    expect(first.totalCount).toBe(5);
    expect(first.nextToken).toMatch(/^[A-Za-z0-9_-]+$/);

    // Between pages: a newer group arrives, the last group of page one and one of page two go.
    w.emu.create(req('g5'));
    w.emu.delete('default', ids[3]!);
    w.emu.delete('default', ids[2]!);
    w.advance(2);
    const second = w.emu.list('default', 'cn-hangzhou', {}, { limit: 2, nextToken: first.nextToken });
    expect(names(second)).toEqual(['g1', 'g0']);
    expect(second.nextToken).toBeUndefined();
    expect(second.totalCount).toBe(4);
    expect(names(w.emu.list('default', 'cn-hangzhou', {}, { limit: 20 }))).toEqual(['g5', 'g4', 'g1', 'g0']);
  });

  it('orders groups created in the same microsecond by creation, and pages through all of them', () => {
    w = world();
    for (const n of ['a', 'b', 'c']) w.emu.create(req(n));
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = w.emu.list('default', 'cn-hangzhou', {}, { limit: 1, nextToken: token });
      seen.push(...page.groups.map((g) => g.name));
      token = page.nextToken;
    } while (token);
    expect(seen).toEqual(['c', 'b', 'a']);
  });

  it('refuses a NextToken it did not make, a bad Limit and an unknown region', () => {
    w = world();
    w.emu.create(req('a'));
    for (const token of ['not a token!', 'abc', Buffer.from('v1:x:y').toString('base64url')]) {
      expect(refusal(() => w.emu.list('default', 'cn-hangzhou', {}, { limit: 5, nextToken: token }))).toMatchObject({
        code: 'InvalidParameter',
        parameter: 'NextToken',
      });
    }
    expect(refusal(() => w.emu.list('default', 'cn-hangzhou', {}, { limit: 0 }))).toMatchObject({ code: 'InvalidParameter', parameter: 'Limit' });
    expect(refusal(() => w.emu.list('default', 'cn-mars', {}, { limit: 5 }))).toMatchObject({ code: 'InvalidRegionId.NotFound', parameter: 'RegionId' });
  });

  it('filters by ids, name, status, zone, vSwitch, resource group and tags; only the asked region', () => {
    w = world();
    const a = w.emu.create(
      req('alpha', {
        zoneId: 'cn-hangzhou-b',
        tags: [
          { key: 'env', value: 'prod' },
          { key: 'team', value: 'x' },
        ],
      }),
    );
    w.advance(1);
    const b = w.emu.create(req('beta', { resourceGroupId: 'rg-b', tags: [{ key: 'env', value: 'dev' }] }));
    w.advance(1);
    const c = w.emu.create(req('alpha', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', commands: ['true'] }] }));
    w.emu.create(req('elsewhere', { regionId: 'cn-beijing' }));
    w.advance(5);
    const find = (filter: ListFilter) => w.emu.list('default', 'cn-hangzhou', filter, { limit: 20 }).groups.map((g) => g.id);
    expect(find({})).toEqual([c.id, b.id, a.id]);
    expect(find({ ids: [a.id, c.id, 'eci-unknown'] })).toEqual([c.id, a.id]);
    expect(find({ name: 'alpha' })).toEqual([c.id, a.id]);
    expect(find({ status: 'Succeeded' })).toEqual([c.id]);
    expect(find({ status: 'Running' })).toEqual([b.id, a.id]);
    expect(find({ zoneId: 'cn-hangzhou-b' })).toEqual([a.id]);
    expect(find({ vSwitchId: 'vsw-bp1emudefaultk000000' })).toEqual([c.id, b.id]);
    expect(find({ resourceGroupId: 'rg-b' })).toEqual([b.id]);
    expect(find({ tags: [{ key: 'env', value: 'prod' }] })).toEqual([a.id]);
    expect(find({ tags: [{ key: 'env' }] })).toEqual([b.id, a.id]);
    expect(
      find({
        tags: [
          { key: 'env', value: 'prod' },
          { key: 'team', value: 'y' },
        ],
      }),
    ).toEqual([]);
    expect(find({ name: 'alpha', status: 'Running' })).toEqual([a.id]);
    // a Running at 1.7 s, b at 2.7 s, c Succeeded at 3.7 s
    expect(find({ statusChangedSince: T0 + 2.7 * S })).toEqual([c.id, b.id]);
    expect(w.emu.list('default', 'cn-beijing', {}, { limit: 20 }).groups.map((g) => g.name)).toEqual(['elsewhere']);
  });

  it('never shows an account another account’s groups', () => {
    w = world();
    const mine = w.emu.create(req('mine', { account: 'acct-a' }));
    const theirs = w.emu.create(req('theirs', { account: 'acct-b' }));
    expect(w.emu.list('acct-a', 'cn-hangzhou', {}, { limit: 20 }).groups.map((g) => g.id)).toEqual([mine.id]);
    expect(w.emu.list('acct-a', 'cn-hangzhou', { ids: [theirs.id] }, { limit: 20 })).toEqual({ groups: [], totalCount: 0 });
    expect(w.emu.get('acct-a', theirs.id)).toBeUndefined();
    expect(w.emu.get('acct-b', theirs.id)?.name).toBe('theirs');
    expect(w.emu.list('default', 'cn-hangzhou', {}, { limit: 20 }).totalCount).toBe(0);
  });

  it('returns copies: changing an answer changes nothing inside', () => {
    w = world();
    const g = w.emu.create(req('a', { tags: [{ key: 'k', value: 'v' }] }));
    g.tags.push({ key: 'x', value: 'y' });
    g.containers[0]!.image = 'evil';
    expect(w.emu.get('default', g.id)).toMatchObject({ tags: [{ key: 'k', value: 'v' }], containers: [{ image: 'nginx' }] });
  });
});

describe('retention of ended groups', () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => w.close());

  it('keeps ended groups for the retention time, then only the latest few per region', () => {
    w = world({ retention: { keepFor: 10 * S, keepLatest: 1 } });
    const job = (name: string) => req(name, { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', commands: ['true'] }] });
    const older = w.emu.create(job('older'));
    w.advance(1);
    const newer = w.emu.create(job('newer'));
    const server = w.emu.create(req('server'));
    w.advance(5);
    expect(w.emu.list('default', 'cn-hangzhou', {}, { limit: 20 }).totalCount).toBe(3);
    w.advance(10);
    expect(w.emu.list('default', 'cn-hangzhou', {}, { limit: 20 }).groups.map((g) => g.id)).toEqual([server.id, newer.id]);
    expect(w.emu.get('default', older.id)).toBeUndefined();
  });
});

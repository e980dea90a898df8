import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { parseSeed } from '../../test/seed-parser.js';
import { CatalogError, COMBINED_PREFIX, catalog, match, render, renderReason, ROWS } from './index.js';

const SEED = fileURLToPath(new URL('../../spec/seed.txt', import.meta.url));

describe('the catalog equals the seed', () => {
  const seed = parseSeed(SEED);

  it('has the 94 rows of the seed, in its order, word for word', () => {
    expect(seed).toHaveLength(94);
    expect(ROWS).toHaveLength(94);
    ROWS.forEach((row, i) => {
      const s = seed[i]!;
      expect({ group: row.group, reason: row.reason, message: row.message, description: row.description }).toEqual({
        group: s.group,
        reason: s.reason,
        message: s.message,
        description: s.description,
      });
      expect('resource' in row ? row.resource : undefined).toBe(s.resource);
      if (s.type !== undefined) expect(row.type).toBe(s.type);
    });
  });

  it('counts each group as the seed does', () => {
    const counts = Object.fromEntries(['ContainerGroup', 'ImageCache', 'DataCache', 'VirtualNode', 'Resource', 'SystemOM'].map((g) => [g, 0]));
    for (const r of ROWS) counts[r.group]!++;
    expect(counts).toEqual({ ContainerGroup: 32, ImageCache: 26, DataCache: 5, VirtualNode: 4, Resource: 15, SystemOM: 12 });
  });

  it('gives each Resource row its module', () => {
    const modules = catalog.inGroup('Resource').map((r) => `${r.resource}/${r.reason}`);
    expect(modules).toEqual([
      'RamRole/Unauthorized',
      'vSwitch/ResourceInsufficient',
      'SecurityGroup/QuotaFull',
      'ENI/CreateENIFailed',
      'ENI/AttachENIFailed',
      'ENI/AttachENIConflict',
      'ENI/MissDefaultVpc',
      'EIP/CreateEipFailed',
      'EIP/EipBandwidthPackageQuotaExceeded',
      'EIP/EipNotFound',
      'EIP/EipBoundOtherInstance',
      'SLS/AliyunSlsQuotaExceed',
      'SLS/AliyunSlsError',
      'SLS/AliyunSlsProjectInvalid',
      'SLS/AliyunSlsConfigFormatError',
    ]);
  });

  it('keeps the seed OOMKilled example as a Warning, and rows are unique by reason plus template', () => {
    expect(catalog.rowsFor('OOMKilled')[0]).toMatchObject({
      type: 'Warning',
      message: 'Memory cgroup out of memory: Kill process 15848 (xsim_traffic_fl) score 337 or sacrifice child',
    });
    const ids = new Set(ROWS.map((r) => `${r.reason}\u0000${r.message}`));
    expect(ids.size).toBe(94);
    const repeated = [...new Set(ROWS.map((r) => r.reason))].filter((reason) => catalog.rowsFor(reason).length > 1).sort();
    expect(repeated).toEqual(['DiskCapacityQuotaFull', 'FailedScheduling', 'Throttling', 'UnknownError']);
  });
});

describe('render and match', () => {
  it('renders templates slot by slot', () => {
    const row = catalog.resolve('ImageCacheCapacityUtilization', ['12', '40']);
    expect(render(row, ['12', '40'])).toBe('Total capacity utilization of current CacheDisk is 12GB / 40GB');
    expect(renderReason('AliyunSlsConfigFormatError', ['logtail', 'x y'])).toBe('sls config logtail value x y is invalid');
  });

  it('tells same-reason rows apart by their argument count', () => {
    expect(renderReason('Throttling', [])).toBe('The request was denied due to system flow control, please wait and try again later');
    expect(renderReason('Throttling', ['api'])).toBe('The request was denied due to system flow control, please wait and try again later, flowControlType:api');
    expect(renderReason('FailedScheduling', [])).toBe('Unknown error occurred.');
    expect(renderReason('FailedScheduling', ['no node'])).toBe('Schedule eci failed:no node');
  });

  it('matches every rendered row back to itself with its arguments', () => {
    for (const row of catalog.rows) {
      const args = Array.from({ length: row.exampleMessage ? 0 : row.slots }, (_, i) => `arg ${i} of ${row.reason}`);
      const message = render(row, args);
      const m = match(row.reason, message);
      expect(m, `${row.reason}: ${message}`).toBeDefined();
      expect(m!.row).toBe(row);
      expect(m!.args).toEqual(args);
      expect(m!.combined).toBe(false);
    }
  });

  it('matches the longer Throttling template before the shorter one', () => {
    const m = match('Throttling', 'The request was denied due to system flow control, please wait and try again later, flowControlType:user');
    expect(m!.row.slots).toBe(1);
    expect(m!.args).toEqual(['user']);
  });

  it('reads SystemOM messages as observed messages', () => {
    const line = 'Memory cgroup out of memory: Kill process 4242 (java) score 900 or sacrifice child';
    expect(match('OOMKilled', line)).toMatchObject({ args: [line] });
    expect(match('GPULostCard', 'GPU card loss detected')).toMatchObject({ args: [] });
    expect(renderReason('OOMKilled', [line])).toBe(line);
    expect(renderReason('DiskFull', [])).toBe('There is insufficient disk space for the current ECI instance');
  });

  it('strips the aggregation prefix and says so', () => {
    const m = match('NoStock', `${COMBINED_PREFIX}Create ECI failed because the specified instance is out of stock. zone-b`);
    expect(m).toMatchObject({ args: ['zone-b'], combined: true });
  });

  it('returns undefined for a message no row of the reason renders, or an unknown reason', () => {
    expect(match('EipNotFound', 'something else entirely')).toBeUndefined();
    expect(match('NoSuchReason', 'x')).toBeUndefined();
  });

  it('refuses unknown reasons and wrong argument counts with clear errors', () => {
    expect(() => catalog.resolve('NoSuchReason', [])).toThrow(
      new CatalogError('UnknownReason', 'unknown reason "NoSuchReason": it is not in the event catalog'),
    );
    expect(() => catalog.resolve('NoStock', [])).toThrow(/NoStock takes 1 argument\(s\).*got 0/);
    expect(() => catalog.resolve('Throttling', ['a', 'b'])).toThrow(/Throttling takes 0 or 1 argument\(s\).*got 2/);
    expect(() => catalog.resolve('OOMKilled', ['a', 'b'])).toThrow(/got 2/);
    expect(() => catalog.resolve('NoStock', [42])).toThrow('argument 1 of NoStock must be a string, got number');
  });
});

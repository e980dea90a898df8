// The CLI side of resources: `resources available`, `price`, `usage` and `metrics ID` against a
// started server on a world file and the virtual clock, and a refusal's code on stderr.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { startServer, type Server } from './support/eci-sdk.js';
import { TEST_KEY } from './support/signed-fetch.js';

const WORLD = `
instanceTypes:
  - { name: ecs.c6.large, cpu: 2, memory: 4, price: 0.3 }
  - { name: ecs.g6.large, cpu: 2, memory: 8 }
regions:
  - regionId: cn-hangzhou
    idPrefix: bp1
    zones:
      - { zoneId: cn-hangzhou-k, stock: { ecs.c6.large: 4 }, spotPrice: 0.07 }
accounts:
  - { id: default, quotas: { vcpu: 8 } }
`;
const CLI_TIMEOUT = 60_000;

describe('resources from the CLI', () => {
  let dir: string;
  let server: Server;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli(args, env);
  const json = (...args: string[]) => {
    const r = cli(...args, '--json');
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as unknown;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eci-resources-cli-'));
    writeFileSync(join(dir, 'world.yaml'), WORLD);
    server = await startServer(join(dir, 'events.db'), ['--clock', 'virtual', '--clock-start', '2026-01-01T00:00:00Z', '--world', join(dir, 'world.yaml')]);
    env = { ECI_EVENTS_ENDPOINT: server.url, ECI_EVENTS_ACCESS_KEY_ID: TEST_KEY.id, ECI_EVENTS_ACCESS_KEY_SECRET: TEST_KEY.secret };
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'available, price and usage read the world; metrics reads a running group',
    () => {
      expect(json('resources', 'available')).toEqual([
        expect.objectContaining({
          ZoneId: 'cn-hangzhou-k',
          AvailableResources: {
            AvailableResource: [
              {
                Type: 'InstanceType',
                SupportedResources: {
                  SupportedResource: [
                    { Value: 'ecs.c6.large', StatusCategory: 'WithStock' },
                    { Value: 'ecs.g6.large', StatusCategory: 'WithoutStock' },
                  ],
                },
              },
            ],
          },
        }),
      ]);
      const price = json('resources', 'price', '--type', 'ecs.c6.large', '--spot', 'SpotAsPriceGo') as { Price: { OriginalPrice: number; TradePrice: number } };
      expect(price.Price).toMatchObject({ OriginalPrice: 0.3, TradePrice: 0.07 });
      expect(json('resources', 'usage')).toEqual({ UsedCpu: 0, MaxCpu: 8, UsedImageCacheCount: 0, MaxImageCacheCount: 50 });
      const created = cli('groups', 'create', 'web', '--image', 'nginx', '--instance-type', 'ecs.c6.large');
      expect(created.status, created.stderr).toBe(0);
      const id = created.stdout.trim();
      expect(cli('clock', 'advance', '2m').status).toBe(0);
      expect(json('resources', 'usage')).toMatchObject({ UsedCpu: 2 });
      const records = json('resources', 'metrics', id) as Array<{ CPU: { UsageNanoCores: number } }>;
      expect(records.length).toBeGreaterThan(0);
      expect(records[records.length - 1]!.CPU.UsageNanoCores).toBeGreaterThan(0);
      const text = cli('resources', 'metrics', id);
      expect(text.stdout).toContain('of 2000');
    },
    CLI_TIMEOUT,
  );

  it(
    'a refusal exits non-zero with the code and the parameter',
    () => {
      const r = cli('resources', 'metrics', 'eci-bp1nosuchgroup0000', '--start', '2026-01-01T00:00:00Z', '--period', '45');
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('400 InvalidParameter');
      expect(r.stderr).toContain('Period');
    },
    CLI_TIMEOUT,
  );
});

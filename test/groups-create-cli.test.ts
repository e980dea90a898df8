// `groups create` checks its parameters with the service's own parser before sending: a value
// the service would refuse is refused in the service's words, exit 2, and nothing is sent. (A
// create that passes goes to the service: images-cli.test.ts, kubectl-pods.test.ts...)
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

describe('groups create: refused before sending, as the service would refuse it', () => {
  let listener: Server;
  let connections = 0;
  let env: Record<string, string>;

  beforeAll(async () => {
    // Counts who connects: a refused create must not reach the endpoint at all.
    listener = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const { port } = listener.address() as { port: number };
    env = { ECI_EVENTS_ENDPOINT: `http://127.0.0.1:${port}`, ECI_EVENTS_ACCESS_KEY_ID: 'AKIDLOCALCHECK', ECI_EVENTS_ACCESS_KEY_SECRET: 'secret' };
  });
  afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));

  const cases: Array<[string, string[], string]> = [
    [
      "a group name the CLI would also give its container: the group's name is blamed",
      ['Bad_Name', '--image', 'nginx'],
      'eci-events: 400 InvalidParameter: The specified parameter "ContainerGroupName" is not valid: "Bad_Name" may hold only lowercase letters, digits and hyphens, and must not start or end with a hyphen.',
    ],
    [
      'a restart policy ECI does not have',
      ['web', '--image', 'nginx', '--restart-policy', 'Sometimes'],
      'eci-events: 400 InvalidParameter: The specified parameter "RestartPolicy" is not valid: "Sometimes" is not one of Always, OnFailure, Never.',
    ],
    [
      'an image pull policy in the wrong case',
      ['web', '--image', 'nginx', '--image-pull-policy', 'always'],
      'eci-events: 400 InvalidParameter: The specified parameter "Container.1.ImagePullPolicy" is not valid: "always" is not one of Always, IfNotPresent, Never.',
    ],
    [
      'a size that is not a number',
      ['web', '--image', 'nginx', '--cpu', 'two'],
      'eci-events: 400 InvalidParameter: The specified parameter "Cpu" is not valid: "two" is not a number.',
    ],
  ];
  it.each(cases)(
    '%s',
    (_what, args, message) => {
      const r = runCli(['groups', 'create', ...args], env);
      expect([r.status, r.stderr.trim(), r.stdout]).toEqual([2, message, '']);
      expect(connections).toBe(0);
    },
    30_000,
  );
});

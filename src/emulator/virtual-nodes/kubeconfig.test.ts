import { describe, expect, it } from 'vitest';
import { readKubeconfig } from './kubeconfig.js';

const config = (clusters: string, current = 'prod') => `apiVersion: v1
kind: Config
clusters:
${clusters}
contexts:
- name: prod
  context: { cluster: prod, user: admin }
- name: dev
  context: { cluster: dev, user: admin }
current-context: ${current}
`;

describe('what the virtual kubelet reads of a kubeconfig', () => {
  const cases: Array<[string, string, ReturnType<typeof readKubeconfig>]> = [
    [
      "the current context's cluster",
      config('- name: dev\n  cluster: { server: "https://dev:6443" }\n- name: prod\n  cluster: { server: "https://prod:6443" }'),
      { ok: true, server: 'https://prod:6443' },
    ],
    [
      'another current context',
      config('- name: dev\n  cluster: { server: "https://dev:6443" }\n- name: prod\n  cluster: { server: "https://prod:6443" }', 'dev'),
      { ok: true, server: 'https://dev:6443' },
    ],
    ['no contexts: the first cluster', 'clusters:\n- name: c\n  cluster: { server: "http://10.0.0.1:8080" }\n', { ok: true, server: 'http://10.0.0.1:8080' }],
    ['not YAML', 'clusters: [unclosed', { ok: false, why: expect.stringMatching(/^the kubeconfig is not YAML: /) as unknown as string }],
    ['empty', '', { ok: false, why: 'the kubeconfig is empty' }],
    ['a scalar', 'just text', { ok: false, why: 'the kubeconfig is empty' }],
    ['no cluster', 'apiVersion: v1\nclusters: []\n', { ok: false, why: 'the kubeconfig names no cluster' }],
    [
      'a context naming a missing cluster',
      config('- name: dev\n  cluster: { server: "https://dev:6443" }'),
      { ok: false, why: 'the kubeconfig\'s context names the cluster "prod", which it does not define' },
    ],
    ['a cluster without server', config('- name: prod\n  cluster: {}'), { ok: false, why: 'the cluster "prod" has no server URL' }],
    ['a server that is not a URL', config('- name: prod\n  cluster: { server: "prod:6443" }'), { ok: false, why: 'the cluster "prod" has no server URL' }],
  ];
  for (const [name, text, want] of cases) {
    it(name, () => expect(readKubeconfig(text)).toEqual(want));
  }
});

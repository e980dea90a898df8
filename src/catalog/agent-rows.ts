// Events of the Kubernetes agent inside an instance (source kubelet): not in the seed's tables,
// but what a real instance shows beside them (reference/eci-api.md: EventSource K8sAgent, e.g.
// "Started container"). Messages follow kubelet's wording.
import type { CatalogRowData } from './row.js';

export const AGENT_ROWS = [
  {
    group: 'K8sAgent',
    reason: 'Scheduled',
    type: 'Normal',
    message: 'Successfully assigned %s to %s',
    description: 'The instance was assigned to the node that runs it.',
  },
  { group: 'K8sAgent', reason: 'Pulling', type: 'Normal', message: 'Pulling image "%s"', description: 'The agent started pulling a container image.' },
  { group: 'K8sAgent', reason: 'Pulled', type: 'Normal', message: 'Successfully pulled image "%s" in %s', description: 'The container image was pulled.' },
  {
    group: 'K8sAgent',
    reason: 'Pulled',
    type: 'Normal',
    message: 'Container image "%s" already present on machine',
    description: 'The container image was already on the instance (an image cache hit or a restart).',
  },
  { group: 'K8sAgent', reason: 'Created', type: 'Normal', message: 'Created container %s', description: 'The container was created.' },
  { group: 'K8sAgent', reason: 'Started', type: 'Normal', message: 'Started container %s', description: 'The container was started.' },
  { group: 'K8sAgent', reason: 'Killing', type: 'Normal', message: 'Stopping container %s', description: 'The container is being stopped.' },
  {
    group: 'K8sAgent',
    reason: 'BackOff',
    type: 'Warning',
    message: 'Back-off restarting failed container %s in pod %s',
    description: 'The container keeps exiting; the agent waits longer before each restart.',
  },
  // kubelet's image manager (pkg/kubelet/images/image_manager.go) records this one as Normal.
  {
    group: 'K8sAgent',
    reason: 'BackOff',
    type: 'Normal',
    message: 'Back-off pulling image "%s"',
    description: 'A pull of the image failed; the agent waits (10 s doubling to 5 min) before it pulls again.',
  },
  { group: 'K8sAgent', reason: 'Failed', type: 'Warning', message: 'Failed to pull image "%s": %s', description: 'The container image could not be pulled.' },
  { group: 'K8sAgent', reason: 'Failed', type: 'Warning', message: 'Error: %s', description: 'The container could not be created or started.' },
  { group: 'K8sAgent', reason: 'Unhealthy', type: 'Warning', message: '%s probe failed: %s', description: 'A liveness, readiness or startup probe failed.' },
] as const satisfies readonly CatalogRowData[];

// How long a virtual node takes to come up on the service's clock. ECI documents no figures; each
// is named so a test can compute when each status and event falls.
import type { Micros } from '../../model/event.js';

const S = 1_000_000;

export interface VnodeTimings {
  /** The node's instance is created and placed, before its kubelet's image is pulled. */
  instanceStart: Micros;
  /** The virtual kubelet starts, reads the kubeconfig and registers the node. */
  register: Micros;
}

export const VNODE_TIMINGS: VnodeTimings = { instanceStart: 10 * S, register: 5 * S };

/**
 * The virtual kubelet's image, in the region's VPC registry: the ACK virtual-node component's
 * image (acs/virtual-nodes-eci). It is pulled through the image model like any container's, so a
 * registry outage or an unreachable registry in the world makes the pull fail.
 */
export const vkImage = (regionId: string) => `registry-vpc.${regionId}.aliyuncs.com/acs/virtual-nodes-eci:v2.11.0`;

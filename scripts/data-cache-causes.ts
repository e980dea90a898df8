// The causes of the DataCache rows (src/emulator/data-caches), for docs/EVENTS.md. Each row is
// recorded by the step of a cache's load that fails: the proxy, the source, the job's creation,
// the job's start, the load. Kept apart from event-causes.ts so the data-cache model's causes
// grow without touching the others'.
import type { Cause } from './event-causes.js';

const world = '`dataSources: [{type: URL, location: https://models.example.com/m, sizeGB: 2}]`';
const create = (p = '') => `\`eci-events data-caches create /models/m --url https://models.example.com/m${p}\``;
const cache = 'on the cache (DescribeDataCaches `Events`, kind `DataCache`); the cache ends **Failed** (an update: **UpdateFailed**, the old data kept)';

export const DATA_CACHE_CAUSES: Readonly<Record<string, Cause>> = {
  DataCacheProxyCreateFailed: {
    cause: `10 s after the create, the proxy cannot be made in the cache's vSwitch (the region's default one without \`VSwitchId\`): the vSwitch has no free address, or the fault \`eni-service-error\` on the region; the argument says which. No job is made; ${cache}.`,
    trigger: `apply ${world}, \`eci-events fault inject eni-service-error cn-hangzhou --count 1\`, ${create()}, advance 10s`,
  },
  DataCacheSourceIllegal: {
    cause: `The proxy is up but the source is not in the world's \`dataSources\` (type and location: URL \`url\`, NAS \`server\`, OSS \`bucket\`), is in another region, or lists \`vpcIds\` without the vSwitch's VPC. No job is made; ${cache}.`,
    trigger: `${create().replace('models.example.com/m', 'nowhere.example.com/x')} on the default world, advance 10s`,
  },
  DataCacheJobCreateFailed: {
    cause: `The job (a container group \`<cache id>-loader\`, RestartPolicy Never, 2 vCPU 4 GiB, a \`Size\` GiB data disk) is refused at its creation (the argument is the code and message) or cannot be placed (\`ScheduleFailed\`: no stock, the disk or vCPU quota; the argument names the job, whose own events say why); ${cache}.`,
    trigger: `apply ${world} and \`accounts: [{id: default, quotas: {diskGiB: 10}}]\`, ${create()} (Size 20), advance 1m`,
  },
  DataCacheJobStartFailed: {
    cause: `The job was placed but did not run within 10 min (its image \`registry-vpc.<region>.aliyuncs.com/eci_open/data-loader:1.0\` cannot be pulled: its events show the pull's Failed and BackOff), or it failed before running (e.g. \`runtime-error\` on its host); the job is deleted; ${cache}.`,
    trigger: `apply ${world}, \`eci-events fault inject registry-outage registry-vpc.cn-hangzhou.aliyuncs.com\`, ${create()}, advance 11m`,
  },
  DataCacheLoadFailed: {
    cause: `The job ran and its loader exited non-zero: the source's \`sizeGB\` does not fit the cache's \`Size\` GiB, so the loader writes until the disk is full, writes \`data-loader: error: write PATH: no space left on device, …\` and exits 1 (the job's container is Terminated with exit code 1, the group Failed); ${cache}.`,
    trigger: `apply ${world.replace('sizeGB: 2', 'sizeGB: 30')}, ${create(' --size 20')}, advance 10m`,
  },
};

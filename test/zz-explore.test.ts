import { test } from 'vitest';
import { $Eci, sdkClient, startServer, until } from './support/eci-sdk.js';
test('explore', async () => {
  const s = await startServer(':memory:');
  try {
    for (const scheme of ['v3', 'v1'] as const) {
      const c = sdkClient(s.host, scheme);
      const r = await c.describeRegions(new $Eci.DescribeRegionsRequest({ regionId: 'cn-hangzhou' }));
      console.log(scheme, JSON.stringify(r.body).slice(0, 300));
      const t0 = Date.now();
      const cr = await c.createContainerGroup(new $Eci.CreateContainerGroupRequest({ regionId: 'cn-hangzhou', containerGroupName: 'web-' + scheme, cpu: 2, memory: 4,
        container: [new $Eci.CreateContainerGroupRequestContainer({ name: 'c1', image: 'nginx', command: ['sleep', '1'] })], restartPolicy: 'Never', tag: [new $Eci.CreateContainerGroupRequestTag({key: 'a', value: 'b'})] }));
      const id = cr.body.containerGroupId!;
      console.log(cr.statusCode, JSON.stringify(cr.body));
      let last = '';
      await until('succeeded', async () => {
        const d = await c.describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: 'cn-hangzhou', containerGroupIds: JSON.stringify([id]), withEvent: true }));
        const st = d.body.containerGroups![0]!.status!;
        if (st !== last) { console.log(Date.now() - t0, st); last = st; }
        return st === 'Succeeded' ? true : undefined;
      }, 15000, 50);
      const d = await c.describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: 'cn-hangzhou', containerGroupIds: JSON.stringify([id]), withEvent: true }));
      console.log(JSON.stringify(d.body, null, 1));
      const e = await c.describeContainerGroupEvents(new $Eci.DescribeContainerGroupEventsRequest({ regionId: 'cn-hangzhou', containerGroupIds: JSON.stringify([id]) }));
      console.log(JSON.stringify(e.body, null, 1));
      const st = await c.describeContainerGroupStatus(new $Eci.DescribeContainerGroupStatusRequest({ regionId: 'cn-hangzhou', containerGroupIds: JSON.stringify([id]) }));
      console.log(JSON.stringify(st.body, null, 1));
    }
  } finally { await s.stop(); }
}, 60000);

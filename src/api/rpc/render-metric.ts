// A metrics record (emulator/metrics) as the SDK's DescribeContainerGroupMetric and
// DescribeMultiContainerGroupMetric models read it: PascalCase, CPU in capitals, Network's
// Interfaces and Disk as lists.
import type { CpuSample, GroupSample, MemorySample } from '../../emulator/index.js';
import { toRfc3339Seconds } from '../../model/time.js';

const cpu = (c: CpuSample) => ({ Limit: c.limit, Load: c.load, UsageCoreNanoSeconds: c.usageCoreNanoSeconds, UsageNanoCores: c.usageNanoCores });
const memory = (m: MemorySample) => ({ AvailableBytes: m.availableBytes, Cache: m.cache, Rss: m.rss, UsageBytes: m.usageBytes, WorkingSet: m.workingSet });

export function renderMetricRecord(s: GroupSample) {
  const n = s.network;
  return {
    Timestamp: toRfc3339Seconds(s.at),
    CPU: cpu(s.cpu),
    Memory: memory(s.memory),
    Containers: s.containers.map((c) => ({ Name: c.name, CPU: cpu(c.cpu), Memory: memory(c.memory) })),
    Network: {
      Interfaces: [
        {
          Name: n.name,
          RxBytes: n.rxBytes,
          RxPackets: n.rxPackets,
          RxErrors: 0,
          RxDrops: 0,
          TxBytes: n.txBytes,
          TxPackets: n.txPackets,
          TxErrors: 0,
          TxDrops: 0,
        },
      ],
    },
    Disk: [{ Device: s.disk.device, ReadBytes: s.disk.readBytes, ReadIO: s.disk.readIO, WriteBytes: s.disk.writeBytes, WriteIO: s.disk.writeIO }],
    Filesystem: [],
  };
}

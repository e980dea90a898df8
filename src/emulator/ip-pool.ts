// Private addresses handed out from each vSwitch's CIDR. As in an Alibaba Cloud VPC, the first
// address and the last three of a vSwitch are reserved; the lowest free address is taken, and a
// released one is reused.

function toNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function toText(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

export function parseCidr(cidr: string): { first: number; size: number } {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidr);
  if (!m) throw new RangeError(`not an IPv4 CIDR: ${cidr}`);
  const size = 2 ** (32 - Number(m[2]));
  const base = toNumber(m[1]!);
  return { first: base - (base % size), size };
}

export class IpPool {
  private readonly used = new Map<string, Set<number>>();

  /** The lowest free address of the CIDR, now taken; undefined when the vSwitch is full. */
  allocate(vSwitchId: string, cidr: string): string | undefined {
    const { first, size } = parseCidr(cidr);
    const used = this.used.get(vSwitchId) ?? new Set<number>();
    this.used.set(vSwitchId, used);
    for (let offset = 1; offset < size - 3; offset++) {
      if (!used.has(first + offset)) {
        used.add(first + offset);
        return toText(first + offset);
      }
    }
    return undefined;
  }

  /** Whether the vSwitch has an address left. */
  hasFree(vSwitchId: string, cidr: string): boolean {
    const { size } = parseCidr(cidr);
    return (this.used.get(vSwitchId)?.size ?? 0) < Math.max(0, size - 4);
  }

  release(vSwitchId: string, ip: string): void {
    this.used.get(vSwitchId)?.delete(toNumber(ip));
  }
}

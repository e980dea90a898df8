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

/** Whether the address is a usable one of the CIDR (not its network address nor the last three). */
export function inCidr(ip: string, cidr: string): boolean {
  const { first, size } = parseCidr(cidr);
  const n = toNumber(ip);
  return n > first && n < first + size - 3;
}

export class IpPool {
  private readonly used = new Map<string, Set<number>>();
  /** Moves with every change of toDoc() (World.revision). */
  private changes = 0;

  get revision(): number {
    return this.changes;
  }

  /** Addresses in use per vSwitch, as numbers (the world's document). */
  toDoc(): Array<[string, number[]]> {
    return [...this.used].map(([k, v]) => [k, [...v]]);
  }

  restore(doc: Array<[string, number[]]>): void {
    this.used.clear();
    for (const [k, v] of doc) this.used.set(k, new Set(v));
    this.changes += 1;
  }

  /** The lowest free address of the CIDR, now taken; undefined when the vSwitch is full. */
  allocate(vSwitchId: string, cidr: string): string | undefined {
    const { first, size } = parseCidr(cidr);
    const used = this.used.get(vSwitchId) ?? new Set<number>();
    this.used.set(vSwitchId, used);
    // Even a full vSwitch's first look adds its (empty) entry to the document.
    this.changes += 1;
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

  /** Takes one given address; false when it is taken already or not usable in the CIDR. */
  take(vSwitchId: string, cidr: string, ip: string): boolean {
    const { first, size } = parseCidr(cidr);
    const n = toNumber(ip);
    if (n <= first || n >= first + size - 3) return false;
    const used = this.used.get(vSwitchId) ?? new Set<number>();
    this.used.set(vSwitchId, used);
    this.changes += 1;
    if (used.has(n)) return false;
    used.add(n);
    return true;
  }

  /** Whether a given address is in use. */
  isTaken(vSwitchId: string, ip: string): boolean {
    return this.used.get(vSwitchId)?.has(toNumber(ip)) ?? false;
  }

  release(vSwitchId: string, ip: string): void {
    if (this.used.get(vSwitchId)?.delete(toNumber(ip))) this.changes += 1;
  }
}

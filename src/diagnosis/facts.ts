// What the engine reads besides events: the group as the emulator keeps it, and the world it
// lives in. Both are interfaces the caller supplies (emulator-facts.ts adapts the emulator), so
// the engine reasons the same over producer-reported groups, which have neither.
import type { Micros } from '../model/event.js';

export interface DiagnosisEvent {
  reason: string;
  type: 'Normal' | 'Warning';
  message: string;
  count: number;
  firstTimestamp: Micros;
  lastTimestamp: Micros;
  source: { component: string; host?: string };
  involvedObject: { name: string; fieldPath?: string };
}

export interface ContainerView {
  name: string;
  /** GiB the container may use (the instance's when it shares it). */
  memory: number;
  sharesInstanceMemory?: boolean;
  restartCount: number;
  current: { state: string; reason?: string; exitCode?: number; startTime?: Micros };
  previous?: { state: string; reason?: string; exitCode?: number; finishTime?: Micros };
}

/** The group's own values, as the emulator knows them. */
export interface GroupView {
  id: string;
  name: string;
  account: string;
  regionId: string;
  zoneId: string;
  status: string;
  instanceType: string;
  memory: number;
  vSwitchId: string;
  securityGroupId: string;
  hostId?: string;
  spot: boolean;
  containers: ContainerView[];
}

/** What the world says now; every answer is for the group's account and region. */
export interface WorldFacts {
  /** Zones of the region, other than `except`, open to the account with stock of the type now. */
  zonesWithStock(account: string, regionId: string, instanceType: string, except: readonly string[]): string[];
  /** Other vSwitches of the region (of the same VPC) that have free addresses. */
  vSwitchesWithAddresses(regionId: string, vSwitchId: string): Array<{ vSwitchId: string; zoneId: string }>;
  /** Other security groups of the same VPC. */
  otherSecurityGroups(regionId: string, securityGroupId: string): string[];
  /** CNY; read only for an account the platform refused for its balance. */
  balance(account: string): number;
  /** CNY per hour, pay-as-you-go (undefined: no such type). */
  pricePerHour(instanceType: string): number | undefined;
  /** vCPUs the account may hold (undefined: unlimited) and those its living instances hold. */
  vcpuQuota(account: string): { quota?: number; used: number };
  host(hostId: string): { health: string; maintenance: boolean } | undefined;
}

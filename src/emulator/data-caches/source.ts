// Finds a data cache's source in the world and decides whether the loading proxy can reach it.
// A source the world does not list does not exist; a NAS mount target or an OSS internal
// endpoint is reached only from the VPCs it names (ECI: "The source of the data cache is invalid
// or unreachable due to network issues").
import type { DataSourceWorldSpec, WorldSpec } from '../world/spec.js';
import type { DataSource } from './data-cache.js';

/** The option that names the source, per type (CreateDataCache's DataSource.Options keys). */
export const LOCATION_OPTION = { URL: 'url', NAS: 'server', OSS: 'bucket' } as const;

/** Where the source lives, as the world names it. */
export function locationOf(source: DataSource): string {
  return source.options[LOCATION_OPTION[source.type]] ?? '';
}

export type SourceCheck = { ok: true; source: DataSourceWorldSpec } | { ok: false; why: string };

export function findSource(world: WorldSpec, source: DataSource, regionId: string, vpcId: string): SourceCheck {
  const location = locationOf(source);
  const found = (world.dataSources ?? []).find((d) => d.type === source.type && d.location === location);
  if (!found) return { ok: false, why: `no ${source.type} source ${location} exists` };
  if (found.regionId !== undefined && found.regionId !== regionId) return { ok: false, why: `${location} is in ${found.regionId}, not in ${regionId}` };
  if (found.vpcIds && !found.vpcIds.includes(vpcId)) return { ok: false, why: `${location} cannot be reached from ${vpcId}` };
  return { ok: true, source: found };
}

// The emulator's refusals. Codes are Alibaba-style (`Invalid<Param>.NotFound`, `IncorrectStatus`)
// and every message names the parameter at fault, so the RPC layer can pass them through as
// they are. `kind` tells that layer which HTTP status family a code belongs to.

export const EMULATOR_ERROR_KINDS = {
  /** A parameter value the emulator cannot accept (400). */
  InvalidParameter: 'invalid',
  'InvalidRegionId.NotFound': 'invalid',
  'InvalidZoneId.NotFound': 'invalid',
  'InvalidVSwitchId.NotFound': 'invalid',
  'InvalidVSwitchId.ZoneMismatch': 'invalid',
  'InvalidSecurityGroupId.NotFound': 'invalid',
  'InvalidInstanceType.ValueNotSupported': 'invalid',
  /** DryRun=true and every check passed (ECI answers this as an error, 400). */
  DryRunOperation: 'invalid',
  /** DryRun=true and a modelled cause would refuse the creation: the cause's reason is the code. */
  Unauthorized: 'invalid',
  EphemeralStorageSizeExceededJobLimit: 'invalid',
  InsufficientBalance: 'invalid',
  QuotaExceeded: 'invalid',
  DiskCapacityQuotaFull: 'invalid',
  MissDefaultVpc: 'invalid',
  QuotaFull: 'invalid',
  NoStock: 'invalid',
  StockClose: 'invalid',
  CpuOptionsNotSupported: 'invalid',
  CpuOptionsNotValid: 'invalid',
  FailedScheduling: 'invalid',
  ResourceInsufficient: 'invalid',
  AttachENIConflict: 'invalid',
  /** No such group for this account (404). */
  'InvalidContainerGroupId.NotFound': 'notFound',
  /** No container of that name in the group (404, as for a group; the code is this service's). */
  'InvalidContainerName.NotFound': 'notFound',
  /** No such image cache for this account (404, as for a group). */
  'InvalidImageCacheId.NotFound': 'notFound',
  /** No such virtual node for this account (404, as for a group). */
  'InvalidVirtualNodeId.NotFound': 'notFound',
  /** The account's image caches in the region are at its quota, and none may be eliminated. */
  'QuotaExceeded.ImageCache': 'invalid',
  /** CreateInstanceOpsTask: a setting of the same kind too soon after the last (400 in ECI's documentation). */
  'Coredump.RefrshIntervalTooShort': 'invalid',
  /** ResizeContainerGroupVolume: the volume is not a disk (403 in ECI's documentation). */
  InvalidVolumeType: 'forbidden',
  /** ResizeContainerGroupVolume: the group's status does not allow it (403 IncorrectStatusDetail). */
  IncorrectStatusDetail: 'forbidden',
  /** No such data cache for this account (404, as for an image cache). */
  'InvalidDataCacheId.NotFound': 'notFound',
  /** Bucket eci-system is ECI's own ("reserved ... and cannot be used"). */
  'InvalidBucket.Reserved': 'invalid',
  /** Another data cache of the account holds this bucket and path already. */
  'DataCache.AlreadyExists': 'conflict',
  /** The group's status does not allow the operation (400 in ECI's documentation). */
  IncorrectStatus: 'conflict',
} as const;

export type EmulatorErrorCode = keyof typeof EMULATOR_ERROR_KINDS;
export type EmulatorErrorKind = (typeof EMULATOR_ERROR_KINDS)[EmulatorErrorCode];

export class EmulatorError extends Error {
  readonly kind: EmulatorErrorKind;

  constructor(
    readonly code: EmulatorErrorCode,
    message: string,
    /** The wire name of the parameter at fault, when there is one (e.g. "Container.2.Name"). */
    readonly parameter?: string,
  ) {
    super(message);
    this.name = 'EmulatorError';
    this.kind = EMULATOR_ERROR_KINDS[code];
  }
}

/** "The specified <Param> "<value>" is not valid: <why>." */
export function invalid(parameter: string, value: unknown, why: string): EmulatorError {
  return new EmulatorError('InvalidParameter', `The specified ${parameter} ${JSON.stringify(value)} is not valid: ${why}.`, parameter);
}

export function groupNotFound(id: string): EmulatorError {
  return new EmulatorError('InvalidContainerGroupId.NotFound', `The specified ContainerGroupId ${JSON.stringify(id)} does not exist.`, 'ContainerGroupId');
}

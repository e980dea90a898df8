// The one table of OpenAPI error codes this service answers with, and their HTTP statuses.
// Statuses follow the POP gateway (reference/eci-api.md §4.6): 400 for parameter, signature,
// timestamp and nonce errors, 404 for an unknown key or API; Throttling is 429 (not the
// gateway's 400) so that it reads the same on every surface of this service, each with Retry-After.
export const RPC_ERRORS = {
  MissingParameter: 400,
  InvalidParameter: 400,
  'InvalidAction.NotFound': 404,
  InvalidVersion: 400,
  UnsupportedHTTPMethod: 405,
  UnsupportedMediaType: 415,
  RequestTooLarge: 413,
  InvalidRequest: 400,
  'InvalidAccessKeyId.NotFound': 404,
  IncompleteSignature: 400,
  SignatureDoesNotMatch: 400,
  SignatureNonceUsed: 400,
  'InvalidTimeStamp.Expired': 400,
  'InvalidTimeStamp.Format': 400,
  Throttling: 429,
  /** A v1 (HMAC-SHA1) signature on a request with a body, which that scheme does not cover. */
  InvalidSignatureMethod: 400,
  'InvalidRegionId.NotFound': 400,
  'InvalidContainerGroupId.NotFound': 404,
  'InvalidImageCacheId.NotFound': 404,
  'InvalidContainerName.NotFound': 404,
  'InvalidVirtualNodeId.NotFound': 404,
  'QuotaExceeded.ImageCache': 400,
  'InvalidDataCacheId.NotFound': 404,
  'InvalidBucket.Reserved': 400,
  'DataCache.AlreadyExists': 400,
  IncorrectStatus: 400,
  /** CreateInstanceOpsTask: an OpsType ECI does not have ("400 Ops.TypeNotSupport %s"). */
  'Ops.TypeNotSupport': 400,
  'Coredump.RefrshIntervalTooShort': 400,
  /** ResizeContainerGroupVolume (403 in ECI's documentation). */
  InvalidVolumeType: 403,
  IncorrectStatusDetail: 403,
  DiskCapacityQuotaFull: 400,
  OperationConflict: 400,
  DryRunOperation: 400,
  InternalError: 500,
  ServiceUnavailable: 503,
} as const;

export type RpcErrorCode = keyof typeof RPC_ERRORS;

export class RpcError extends Error {
  readonly status: number;
  constructor(
    readonly code: string,
    message: string,
    status?: number,
  ) {
    super(message);
    this.status = status ?? (RPC_ERRORS as Record<string, number>)[code] ?? 400;
  }
}

export const missing = (name: string) => new RpcError('MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);
export const invalid = (name: string, why: string) => new RpcError('InvalidParameter', `The specified parameter "${name}" is not valid: ${why}`);

export function errorBody(requestId: string, hostId: string, code: string, message: string) {
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: code,
    Message: message,
    Recommend: `https://error-center.aliyun.com/status/search?Keyword=${encodeURIComponent(code)}&source=PopGw`,
  };
}

// The one vocabulary of errors this service answers with, on every surface. Each code has one
// HTTP status, the same on the OpenAPI, the /v1 JSON API and the Kubernetes-style API; its
// OpenAPI `Code` (the code itself unless Alibaba Cloud names it otherwise); and the Kubernetes
// Status `reason` that goes with that status. Statuses follow the POP gateway where
// reference/eci-api.md §4.6 says (400 for parameter, signature, timestamp and nonce errors, 404
// for an unknown key or API) and ECI's documentation for its own codes. One exception:
// Throttling is 429, not the gateway's 400, because a Kubernetes client must read it as
// TooManyRequests to back off, and one code has one status everywhere (docs/ERRORS.md).
import type { EmulatorErrorCode } from '../../emulator/index.js';
import type { CatalogError } from '../../catalog/index.js';
import type { ReportError } from '../../recorder/index.js';

/** Kubernetes' metav1.StatusReason values this service answers with, and the status each goes with. */
export const KUBE_REASON_STATUS = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  Expired: 410,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
  TooManyRequests: 429,
  InternalError: 500,
  ServiceUnavailable: 503,
} as const;

export type KubeReason = keyof typeof KUBE_REASON_STATUS;

export interface ErrorEntry {
  status: number;
  /** The Kubernetes Status reason, the one that goes with `status`. */
  reason: KubeReason;
  /** The OpenAPI `Code`, when Alibaba Cloud names the error otherwise than this service's code. */
  openApi?: string;
}

const bad = { status: 400, reason: 'BadRequest' } as const;
const notFound = { status: 404, reason: 'NotFound' } as const;
const forbidden = { status: 403, reason: 'Forbidden' } as const;
const unauthorized = { status: 401, reason: 'Unauthorized' } as const;

export const ERRORS = {
  // ---- the request itself
  InvalidRequest: bad,
  MissingParameter: bad,
  InvalidParameter: bad,
  /** A field holding text no store can hold (a NUL, an unpaired surrogate); `field` names it. */
  InvalidField: bad,
  InvalidVersion: bad,
  'InvalidAction.NotFound': notFound,
  /** A route, or an object of the /v1 or Kubernetes-style API, that does not exist. */
  NotFound: notFound,
  /** 405, not the gateway's 400/403 (the reference lists both): the method is what is wrong. */
  UnsupportedHTTPMethod: { status: 405, reason: 'MethodNotAllowed' },
  /** A Kubernetes-style request for a representation this service does not serve. */
  NotAcceptable: { status: 406, reason: 'NotAcceptable' },
  PayloadTooLarge: { status: 413, reason: 'RequestEntityTooLarge', openApi: 'RequestTooLarge' },
  /** A body that is not JSON, on a route that takes JSON. */
  UnsupportedMediaType: { status: 415, reason: 'UnsupportedMediaType' },

  // ---- credentials (the gateway's statuses, on every surface)
  IncompleteSignature: bad,
  SignatureDoesNotMatch: bad,
  SignatureNonceUsed: bad,
  'InvalidTimeStamp.Expired': bad,
  'InvalidTimeStamp.Format': bad,
  /** A v1 (HMAC-SHA1) signature on a request with a body, which that scheme does not cover. */
  InvalidSignatureMethod: bad,
  'InvalidAccessKeyId.NotFound': notFound,
  /**
   * No valid credentials where some are needed: a /v1 request neither signed nor on a session, a
   * Kubernetes-style request without a valid bearer token. (`Unauthorized` is ECI's own code, a
   * DryRun refusal, below.)
   */
  Unauthenticated: unauthorized,
  /** Sign-in with an access key id or secret that is wrong (which of the two is not told). */
  InvalidAccessKey: unauthorized,
  /** No session cookie, or one that no longer holds (expired, or its key deleted). */
  InvalidSession: unauthorized,
  /** A request that changes something on a session cookie, without the console's header (CSRF guard). */
  MissingConsoleHeader: forbidden,
  /** A Kubernetes-style request on the plain-HTTP listener, where its bearer token must not travel. */
  Forbidden: forbidden,
  /** A change of the emulator's world, faults, spot market or clock by an account other than the operator. */
  'Forbidden.Operator': forbidden,
  /** Flow control: the account's requests come faster than --throttle-rate; Retry-After says when to try again. */
  Throttling: { status: 429, reason: 'TooManyRequests' },

  // ---- ECI's own refusals (the emulator's codes, EmulatorError)
  'InvalidRegionId.NotFound': bad,
  'InvalidZoneId.NotFound': bad,
  'InvalidVSwitchId.NotFound': bad,
  'InvalidVSwitchId.ZoneMismatch': bad,
  'InvalidSecurityGroupId.NotFound': bad,
  'InvalidInstanceType.ValueNotSupported': bad,
  /** DryRun=true and every check passed (ECI answers this as an error, 400). */
  DryRunOperation: bad,
  /** DryRun=true and a modelled cause would refuse the creation: the cause's reason is the code. */
  Unauthorized: bad,
  EphemeralStorageSizeExceededJobLimit: bad,
  InsufficientBalance: bad,
  QuotaExceeded: bad,
  DiskCapacityQuotaFull: bad,
  MissDefaultVpc: bad,
  QuotaFull: bad,
  NoStock: bad,
  StockClose: bad,
  CpuOptionsNotSupported: bad,
  CpuOptionsNotValid: bad,
  FailedScheduling: bad,
  ResourceInsufficient: bad,
  AttachENIConflict: bad,
  'InvalidContainerGroupId.NotFound': notFound,
  'InvalidContainerName.NotFound': notFound,
  'InvalidImageCacheId.NotFound': notFound,
  'InvalidVirtualNodeId.NotFound': notFound,
  'InvalidDataCacheId.NotFound': notFound,
  'QuotaExceeded.ImageCache': bad,
  'Coredump.RefrshIntervalTooShort': bad,
  /** CreateInstanceOpsTask: an OpsType ECI does not have ("400 Ops.TypeNotSupport %s"). */
  'Ops.TypeNotSupport': bad,
  /** ResizeContainerGroupVolume (403 in ECI's documentation). */
  InvalidVolumeType: forbidden,
  IncorrectStatusDetail: forbidden,
  'InvalidBucket.Reserved': bad,
  /** 400, as ECI documents its conflicts (not Kubernetes' 409). */
  'DataCache.AlreadyExists': bad,
  IncorrectStatus: bad,
  OperationConflict: bad,

  // ---- reports refused by the catalog or the recorder (CatalogError, ReportError)
  UnknownReason: bad,
  ArgumentCount: bad,
  ArgumentType: bad,
  TooLong: bad,
  TypeMismatch: bad,

  // ---- the emulator's world and clock (/v1)
  /** A world change the emulator refused; `problems` lists each, by where it is. */
  InvalidWorld: bad,
  /** A virtual clock asked to move more than one request may (the answer's `maximum`). */
  ClockAdvanceTooLarge: bad,
  /** A virtual clock asked to go past the furthest time it goes (the answer's `ceiling`). */
  ClockCeilingReached: bad,

  // ---- the change feed
  /**
   * A change-feed position behind retention: changes after it were removed before the reader read
   * them. The /v1 body says `after` and `purgedUpTo`, the oldest position still complete.
   */
  ChangesExpired: { status: 410, reason: 'Expired' },

  // ---- the service
  InternalError: { status: 500, reason: 'InternalError' },
  ServiceUnavailable: { status: 503, reason: 'ServiceUnavailable' },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof ERRORS;

// Every code the emulator, the catalog and the recorder refuse with has its row: a new one that
// has none does not compile.
type Missing<C extends string> = Exclude<C, ErrorCode>;
const _emulatorCodesHaveRows: [Missing<EmulatorErrorCode>] extends [never] ? true : never = true;
const _reportCodesHaveRows: [Missing<ReportError['code']>] extends [never] ? true : never = true;
const _catalogCodesHaveRows: [Missing<CatalogError['code']>] extends [never] ? true : never = true;
void [_emulatorCodesHaveRows, _reportCodesHaveRows, _catalogCodesHaveRows];

/** The OpenAPI `Code` of a code. */
export function openApiCode(code: ErrorCode): string {
  const entry: ErrorEntry = ERRORS[code];
  return entry.openApi ?? code;
}

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code);
}

export interface ApiErrorOptions {
  /** The wire name of the parameter at fault (e.g. "Container.2.Name"), when there is one. */
  parameter?: string;
  /** Whole seconds before the same request may succeed: sent as Retry-After on every surface. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/** An error in the vocabulary: what each surface renders in its own body, with the table's status. */
export class ApiError extends Error {
  readonly status: number;
  readonly parameter?: string;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** More fields of the /v1 error body, beside code and message (e.g. `problems`). */
    readonly details?: Record<string, unknown>,
    options: ApiErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ApiError';
    this.status = ERRORS[code].status;
    if (options.parameter !== undefined) this.parameter = options.parameter;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const missing = (name: string) =>
  new ApiError('MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);
export const invalid = (name: string, why: string) => new ApiError('InvalidParameter', `The specified parameter "${name}" is not valid: ${why}`);

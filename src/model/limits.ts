// Field limits, as kube-apiserver validates events (pkg/apis/core/validation/events.go).
export const MAX_MESSAGE_LENGTH = 1024;
export const MAX_REASON_LENGTH = 128;
/** Object names, namespaces, components and hosts: a DNS subdomain is at most 253. */
export const MAX_NAME_LENGTH = 253;
/** A producer's idempotency key: room for a UUID or a hash, not for a payload. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 128;

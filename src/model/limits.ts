// Field limits, as kube-apiserver validates events (pkg/apis/core/validation/events.go).
export const MAX_MESSAGE_LENGTH = 1024;
export const MAX_REASON_LENGTH = 128;
/** Object names, namespaces, components and hosts: a DNS subdomain is at most 253. */
export const MAX_NAME_LENGTH = 253;

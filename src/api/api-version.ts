/**
 * The ECI OpenAPI version this service speaks (and the Version every request must name): what
 * the official SDK @alicloud/eci20180808 sends, and what this project's own clients sign.
 */
export const API_VERSION = '2018-08-08';

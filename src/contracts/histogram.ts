// GET /v1/events/histogram: occurrences by bucket and by type, for the console's chart.
import { Type, type Static } from '@sinclair/typebox';

export const HistogramBucket = Type.Object({ start: Type.String(), Normal: Type.Integer(), Warning: Type.Integer() });
export type HistogramBucket = Static<typeof HistogramBucket>;

/** The range [from, to) cut into buckets of bucketSeconds, oldest first. */
export const Histogram = Type.Object({ from: Type.String(), to: Type.String(), bucketSeconds: Type.Integer(), buckets: Type.Array(HistogramBucket) });
export type Histogram = Static<typeof Histogram>;

// One row of the table of the SDK's operations (docs/OPERATIONS.md): each action module states,
// beside its handlers, what each of its operations does here and what it does not, so that the
// table is written where the behaviour is.
export interface OperationDoc {
  /** The OpenAPI action, as the SDK sends it (`DescribeContainerLog`). */
  action: string;
  /** What it does here, from which part of the model, in a sentence or two. */
  does: string;
  /** What of ECI's operation is not modelled here, or `—`. */
  doesNot: string;
}

/** A report refused before anything was written; `field` names what was wrong. */
export class ReportError extends Error {
  constructor(
    readonly code: 'UnknownReason' | 'ArgumentCount' | 'ArgumentType' | 'InvalidField' | 'TooLong' | 'TypeMismatch',
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ReportError';
  }
}

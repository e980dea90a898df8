// A change-feed reader's position older than what retention kept: changes after it were removed
// before it read them, so going on from it would skip them without a word.

export class ChangesExpiredError extends Error {
  override readonly name = 'ChangesExpiredError';

  constructor(
    /** The position the reader asked to resume after. */
    readonly after: number,
    /** The highest version retention removed: reading is complete again after it. */
    readonly purgedUpTo: number,
  ) {
    super(
      `retention removed changes after version ${after} before they were read (versions ${after + 1}..${purgedUpTo}); ` +
        `the oldest version still available to resume after is ${purgedUpTo} (read after it, or start over from the current state)`,
    );
  }
}

/** A failure in a few words for the log: the error's message, and its cause's when it has one. */
export function failureReason(err: unknown): string {
  if (err instanceof Error) {
    return err.cause instanceof Error ? `${err.message} (${err.cause.message})` : err.message;
  }
  return String(err);
}

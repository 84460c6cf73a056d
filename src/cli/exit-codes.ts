/**
 * What `ss` exits with, so that scripts and CI can branch on it: 0 when the command did what
 * was asked, 1 when it failed (no app found, a refused folder, a failed build), 2 when the
 * command line itself was wrong (an unknown command or option, a missing or malformed argument).
 */
export const EXIT_CODES = {
  /** The command did what was asked. */
  ok: 0,
  /** The command ran and failed; the reason was printed on stderr. */
  failure: 1,
  /** The command line could not be understood; nothing was run. */
  usage: 2,
} as const;

/** One of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

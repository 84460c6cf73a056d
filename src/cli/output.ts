import pc from 'picocolors';

/** The colour functions `ss` uses; plain identity functions when colour is off. */
export type Colors = ReturnType<typeof pc.createColors>;

/** A stream `ss` writes to: process.stdout/stderr, or a buffer in tests. */
export interface OutputStream {
  write(text: string): unknown;
  /** Set on a terminal; colour is only used there (unless FORCE_COLOR says otherwise). */
  readonly isTTY?: boolean;
}

/**
 * Where the CLI's messages go. Every command writes through this rather than `console`, so a
 * test can run the CLI in-process and read exactly what a user would see.
 */
export interface Output {
  /** Colours for stdout. */
  readonly colors: Colors;
  /** Colours for stderr (on or off independently of stdout's). */
  readonly errorColors: Colors;
  /** A line of normal output (stdout). */
  info(line: string): void;
  /** A line of diagnostics that is not an error (stderr), e.g. a warning. */
  warn(line: string): void;
  /** One red line on stderr: what went wrong. */
  error(line: string): void;
  /** Text written as is to stdout (help, version). */
  writeOut(text: string): void;
  /** Text written as is to stderr (usage errors). */
  writeErr(text: string): void;
}

/**
 * Whether to colour a stream: NO_COLOR (https://no-color.org) wins, then FORCE_COLOR, else a
 * terminal that is not `TERM=dumb`. Decided per stream, so `ss build | tee log` keeps escape
 * codes out of the log while errors on a terminal stay red.
 */
export function colorEnabled(stream: OutputStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** An {@link Output} over two streams (by default the process's own). */
export function createOutput(env: NodeJS.ProcessEnv = process.env, stdout: OutputStream = process.stdout, stderr: OutputStream = process.stderr): Output {
  const colors = pc.createColors(colorEnabled(stdout, env));
  const errColors = pc.createColors(colorEnabled(stderr, env));
  return {
    colors,
    errorColors: errColors,
    info: (line) => stdout.write(`${line}\n`),
    warn: (line) => stderr.write(`${errColors.yellow(line)}\n`),
    error: (line) => stderr.write(`${errColors.red(line)}\n`),
    writeOut: (text) => stdout.write(text),
    writeErr: (text) => stderr.write(text),
  };
}

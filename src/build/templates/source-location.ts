import { SocketStreamError } from '../../errors/socketstream-error';

/** A 1-based line and column, as editors and terminals show them. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** The line and column of `offset` in `source` (both 1-based; `\r\n`, `\n` and `\r` end lines). */
export function lineColumn(source: string, offset: number): LineColumn {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    const ch = source.charCodeAt(i);
    if (ch === 10 || (ch === 13 && source.charCodeAt(i + 1) !== 10)) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** `file` relative to the app's folder when it lies inside it (`client/templates/chat/message.html`), else as given. */
export { displayPath } from '../display-path';

/** `SocketStreamError('SS_ERR_BUILD', '<file>:<line>:<col>: <message>')` for a mistake at `offset` of a template. */
export function templateError(file: string, source: string, offset: number, message: string, cause?: unknown): SocketStreamError {
  const { line, column } = lineColumn(source, offset);
  return new SocketStreamError('SS_ERR_BUILD', `${file}:${line}:${column}: ${message}`, cause === undefined ? undefined : { cause });
}

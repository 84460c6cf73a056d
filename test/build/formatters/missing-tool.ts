import type { Formatter, FormatterInput } from '../../../src/build/formatter';
import { SocketStreamError } from '../../../src/errors/socketstream-error';
import { rejectionOf } from './fixture-dir';

/** A package name no registry has, to stand for a tool the app has not installed. */
export const ABSENT_PACKAGE = 'ss-test-absent-preprocessor';

/** Expects `formatter` (whose packageName is {@link ABSENT_PACKAGE}) to reject `input` with SS_ERR_MISSING_PACKAGE naming the file. */
export async function expectMissingPackage(formatter: Formatter, input: FormatterInput, relativeFile: string): Promise<void> {
  const err = await rejectionOf(formatter.compile(input));
  expect(err).toBeInstanceOf(SocketStreamError);
  expect(err.code).toBe('SS_ERR_MISSING_PACKAGE');
  expect(err.message).toBe(`compiling ${relativeFile} needs the "${ABSENT_PACKAGE}" package: npm install --save-dev ${ABSENT_PACKAGE}`);
}

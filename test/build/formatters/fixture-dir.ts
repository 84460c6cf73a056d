import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FormatterInput } from '../../../src/build/formatter';

/** A throwaway app folder under the OS temp dir for formatter fixtures; `remove()` it after. */
export class FixtureDir {
  /** The app's folder, its real path (tools report real paths). */
  readonly root = realpathSync(mkdtempSync(join(tmpdir(), 'ss-formatter-')));

  /** Writes `text` at `path` (relative to the root, folders made) and returns the absolute path. */
  write(path: string, text: string): string {
    const file = join(this.root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  }

  /** Writes the file and returns what the build hands a formatter for it. */
  input(path: string, text: string, options: { production?: boolean; sourceMap?: boolean } = {}): FormatterInput {
    const file = this.write(path, text);
    return { source: text, file, root: this.root, ...options };
  }

  /** The absolute path of `path` under the root. */
  path(path: string): string {
    return join(this.root, path);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  /** `using dir = new FixtureDir()` removes it at the end of the block. */
  [Symbol.dispose](): void {
    this.remove();
  }
}

/** The source map of an output, parsed. */
export function parsedMap(map: string | undefined): { version: number; sources: string[]; sourcesContent?: (string | null)[]; mappings: string } {
  expect(typeof map).toBe('string');
  return JSON.parse(map as string) as { version: number; sources: string[]; sourcesContent?: (string | null)[]; mappings: string };
}

/** The rejection of `promise`, to inspect its code, message and cause. */
export async function rejectionOf(promise: Promise<unknown>): Promise<{ code?: string; message: string; cause?: unknown; name?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code?: string; message: string; cause?: unknown };
  }
  throw new Error('expected a rejection');
}

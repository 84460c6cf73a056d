import { stripVTControlCharacters } from 'node:util';
import type * as Swc from '@swc/core';
import { Formatter, type AssetKind, type FormatterInput, type FormatterOutput } from '../formatter';
import { buildError, frameworkTool, messageOf } from './formatter-support';

/** Options of {@link TypeScriptFormatter}. */
export interface TypeScriptFormatterOptions {
  /** Where `.tsx` files import the JSX runtime from (`<source>/jsx-runtime`). Default `'react'`; `'preact'`, `'solid-js/h'`… */
  readonly jsxImportSource?: string;
}

/** Where swc's message points: `,-[/app/client/code/main.ts:8:1]` then the code frame with a `^` under the column. */
interface SwcProblem {
  message: string;
  line?: number;
  column?: number;
}

/**
 * Reads swc's error text (a code frame, then "Caused by:" and a Rust backtrace, sometimes in ANSI
 * colours) for the first message and its line and column. The header gives the line; the column
 * comes from the caret under the code, the header's column being the frame's, not the error's.
 */
export function parseSwcError(raw: string): SwcProblem {
  const text = stripVTControlCharacters(raw).split(/\n\s*(?:Caused by:|Stack backtrace:)/)[0];
  const lines = text.split('\n');
  const first = lines.findIndex((l) => /^\s*[x×]\s+\S/.test(l));
  const message = first >= 0 ? lines[first].replace(/^\s*[x×]\s+/, '') : (lines.find((l) => l.trim() !== '') ?? raw).trim();
  const header = lines.slice(Math.max(first, 0)).map((l) => /[,╭]-+\[(.*):(\d+):(\d+)\]/.exec(l)).find((m) => m !== null);
  if (!header) return { message };
  const line = Number(header[2]);
  let column = Number(header[3]);
  const at = lines.findIndex((l) => new RegExp(`^\\s*${line} [|│]`).test(l));
  const caret = at >= 0 ? lines.slice(at + 1).find((l) => /^\s*[:·]/.test(l) && l.includes('^')) : undefined;
  if (at >= 0 && caret) {
    const codeStart = lines[at].search(/[|│]/) + 2;
    if (caret.indexOf('^') >= codeStart) column = caret.indexOf('^') - codeStart + 1;
  }
  return { message, line, column };
}

/**
 * TypeScript (`.ts`, `.mts`, and `.tsx` with the automatic JSX runtime) to an ES module, through
 * swc: legacy decorators with `design:*` metadata (what tsyringe and class-validator read),
 * `useDefineForClassFields: false`, ES2022. No `.swcrc` or tsconfig is read, so the output does
 * not depend on files beside the app. No minifying here: the bundler minifies the whole bundle.
 *
 * Source map: swc's, `sources` the absolute file path, with its content. Dependencies: none (the
 * bundler follows imports). Errors: `SS_ERR_BUILD` `client/code/main.ts:3:14: Expected ident`.
 */
export class TypeScriptFormatter extends Formatter {
  readonly extensions: readonly string[] = ['.ts', '.mts', '.tsx'];
  readonly kind: AssetKind = 'js';
  private readonly jsxImportSource: string;

  constructor(options: TypeScriptFormatterOptions = {}) {
    super();
    this.jsxImportSource = options.jsxImportSource ?? 'react';
  }

  async compile(input: FormatterInput): Promise<FormatterOutput> {
    const swc = frameworkTool<typeof Swc>('@swc/core');
    const tsx = input.file.toLowerCase().endsWith('.tsx');
    try {
      const out = await swc.transform(input.source, {
        filename: input.file,
        swcrc: false,
        configFile: false,
        sourceMaps: input.sourceMap !== false,
        isModule: true,
        jsc: {
          parser: { syntax: 'typescript', decorators: true, tsx },
          transform: {
            legacyDecorator: true,
            decoratorMetadata: true,
            useDefineForClassFields: false,
            ...(tsx ? { react: { runtime: 'automatic', importSource: this.jsxImportSource } } : {}),
          },
          target: 'es2022',
        },
        module: { type: 'es6' },
      });
      return out.map ? { code: out.code, map: out.map } : { code: out.code };
    } catch (err) {
      const problem = parseSwcError(messageOf(err));
      throw buildError(input.root, input.file, problem.line, problem.column, problem.message, err);
    }
  }
}

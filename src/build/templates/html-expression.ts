import type { DataName, PathExpression } from './html-ast';
import type { Fail } from './html-tokenizer';

/** A word of a tag's expression: a path (`user.name`, `../x`, `[odd key]`) or a quoted string. */
export interface ExpressionWord {
  readonly kind: 'word' | 'string';
  /** As written; a string without its quotes and escapes. */
  readonly text: string;
  readonly offset: number;
}

const DATA_NAMES: readonly DataName[] = ['index', 'key', 'first', 'last', 'root'];

/** Characters Handlebars allows in a name (its lexer's ID). */
const NAME = /^[^\s!"#%&'()*+,./;<=>@[\\\]^`{|}~]+$/;

/**
 * Splits the inside of a tag into words, refusing the Handlebars forms this language does not
 * have: subexpressions `(…)`, hash arguments `key=value` and block parameters `as |x|`.
 */
export function splitExpression(inner: string, innerOffset: number, fail: Fail): ExpressionWord[] {
  const words: ExpressionWord[] = [];
  let i = 0;
  while (i < inner.length) {
    const ch = inner[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const offset = innerOffset + i;
    if (ch === '(' || ch === ')') fail(offset, 'subexpressions "(…)" are not supported: only paths, such as {{user.name}}');
    if (ch === '|') fail(offset, 'block parameters "as |x|" are not supported: use {{this}} and @index inside {{#each}}');
    if (ch === '=') fail(offset, 'hash arguments "key=value" are not supported');
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      let text = '';
      while (j < inner.length && inner[j] !== ch) {
        if (inner[j] === '\\' && inner[j + 1] === ch) j++;
        text += inner[j++];
      }
      if (j >= inner.length) fail(offset, `this string is never closed: expected ${ch}`);
      words.push({ kind: 'string', text, offset });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < inner.length && !/[\s()|=]/.test(inner[j])) {
      if (inner[j] === '[') {
        const end = inner.indexOf(']', j);
        if (end < 0) fail(innerOffset + j, 'this "[" is never closed: expected "]"');
        j = end + 1;
      } else {
        j++;
      }
    }
    if (inner[j] === '=') fail(offset, `hash arguments "${inner.slice(i, j)}=…" are not supported`);
    words.push({ kind: 'word', text: inner.slice(i, j), offset });
    i = j;
  }
  return words;
}

/** Splits a path into its segments: names, `[literal]` segments (flagged), `.` and `..`. */
function segments(body: string, offset: number, original: string, fail: Fail): { text: string; literal: boolean }[] {
  const out: { text: string; literal: boolean }[] = [];
  let i = 0;
  const invalid = (): never => fail(offset, `"${original}" is not a valid path`);
  for (;;) {
    if (body[i] === '[') {
      const end = body.indexOf(']', i);
      out.push({ text: body.slice(i + 1, end), literal: true });
      i = end + 1;
    } else if (body.startsWith('..', i)) {
      out.push({ text: '..', literal: false });
      i += 2;
    } else if (body[i] === '.') {
      out.push({ text: '.', literal: false });
      i += 1;
    } else {
      let j = i;
      while (j < body.length && body[j] !== '.' && body[j] !== '/' && body[j] !== '[') j++;
      const name = body.slice(i, j);
      if (!NAME.test(name)) invalid();
      out.push({ text: name, literal: false });
      i = j;
    }
    if (i >= body.length) return out;
    if (body[i] !== '.' && body[i] !== '/') invalid();
    i++;
    if (i >= body.length) invalid();
  }
}

/**
 * Reads a path the way Handlebars does: `name`, `a.b` or `a/b`, `[any key]`, `this`, `.`, leading
 * `../` (one per enclosing `{{#each}}`), and the data variables `@index`, `@key`, `@first`,
 * `@last` and `@root`.
 */
export function parsePath(word: ExpressionWord, fail: Fail): PathExpression {
  const { text: original, offset } = word;
  if (word.kind === 'string') fail(offset, `a string literal is not supported here: write a path, such as {{user.name}}`);
  if (/^-?\d+(\.\d+)?$/.test(original) || ['true', 'false', 'null', 'undefined'].includes(original)) {
    fail(offset, `the literal ${original} is not supported here: write a path, such as {{user.name}}`);
  }
  const data = original.startsWith('@');
  const parts: string[] = [];
  let up = 0;
  for (const segment of segments(data ? original.slice(1) : original, offset, original, fail)) {
    const special = !segment.literal && (segment.text === '..' || segment.text === '.' || segment.text === 'this');
    if (special && parts.length > 0) fail(offset, `"${original}" is not a valid path: "${segment.text}" may only start a path`);
    if (special) {
      if (segment.text === '..') up++;
    } else {
      parts.push(segment.text);
    }
  }
  if (!data) return { kind: 'context', up, parts, offset, original };
  if (up > 0) fail(offset, `"${original}": data variables of enclosing blocks (@../index) are not supported`);
  const name = parts[0] as DataName;
  if (!DATA_NAMES.includes(name)) fail(offset, `unknown data variable "${original}": there are ${DATA_NAMES.map((n) => '@' + n).join(', ')}`);
  return { kind: 'data', name, parts: parts.slice(1), offset, original };
}

import type { BlockHelper, BlockNode, PathExpression, ProgramNode, StatementNode } from './html-ast';
import { type ExpressionWord, parsePath, splitExpression } from './html-expression';
import { type Fail, type TagToken, tokenize } from './html-tokenizer';
import { lineColumn } from './source-location';
import { controlWhitespace } from './html-whitespace';

const BLOCK_HELPERS: readonly BlockHelper[] = ['if', 'unless', 'each'];

/** Handlebars's built-in helpers: a bare `{{log}}` would call one there, so it is refused here rather than read as a property. */
const HANDLEBARS_HELPERS = ['if', 'unless', 'each', 'with', 'lookup', 'log', 'helperMissing', 'blockHelperMissing'];

/** A block being read: where statements go now, and how it was opened. */
interface OpenBlock {
  readonly block: BlockNode;
  target: ProgramNode;
  /** Opened by `{{else helper …}}`: closed by the `{{/…}}` of the block it continues. */
  readonly chained: boolean;
  readonly tag: TagToken;
}

/** A tag as written, shortened for messages. */
function shown(tag: TagToken): string {
  return tag.text.length > 40 ? `${tag.text.slice(0, 37)}...` : tag.text;
}

/** The only path of a tag that takes one (`{{x}}`, `{{#if x}}`). */
function onePath(words: readonly ExpressionWord[], tag: TagToken, usage: string, fail: Fail): PathExpression {
  if (words.length !== 1) fail(tag.offset, `${shown(tag)}: ${usage}`);
  return parsePath(words[0], fail);
}

/** `chat/message`: segments of a template address, no `.` or `..` segment, no leading slash. */
function partialName(word: ExpressionWord | undefined, tag: TagToken, fail: Fail): string {
  if (!word) fail(tag.offset, `${shown(tag)}: a partial needs the address of a template, such as {{> chat/message}}`);
  const name = word.text;
  const segments = name.split('/');
  // A quoted name may hold spaces, as file names may.
  if (!name || (word.kind === 'word' && /[\s[\]@]/.test(name)) || segments.some((s) => s === '' || s === '.' || s === '..')) {
    fail(word.offset, `"${name}" is not a template address: write it as under client/templates without the extension, such as {{> chat/message}}`);
  }
  return name;
}

/** The message for a Handlebars tag this language does not have. */
function unsupported(tag: TagToken): string {
  const t = tag.text.replace(/^\{\{~?/, '');
  if (t.startsWith('{{')) return 'raw blocks ({{{{raw}}}}) are not supported; write \\{{ for a literal "{{"';
  if (t.startsWith('^')) return `inverse sections (${shown(tag)}) are not supported: use {{#unless …}}`;
  if (t.startsWith('#>')) return `partial blocks (${shown(tag)}) are not supported: use {{> address}}`;
  return `decorators and inline partials (${shown(tag)}) are not supported: put the partial in its own file under client/templates`;
}

/**
 * Parses a template of the default language into its syntax tree, whitespace rules applied.
 *
 * @param fail reports an error at an offset of `source` and throws
 */
export function parseTemplate(source: string, fail: Fail): ProgramNode {
  const root: ProgramNode = { type: 'program', body: [] };
  const open: OpenBlock[] = [];
  const target = (): StatementNode[] => (open.length ? open[open.length - 1].target.body : root.body);
  const where = (tag: TagToken): string => {
    const { line, column } = lineColumn(source, tag.offset);
    return `${line}:${column}`;
  };

  const openBlock = (tag: TagToken, chained: boolean): BlockNode => {
    const words = splitExpression(tag.inner, tag.innerOffset, fail);
    const name = words[0]?.kind === 'word' ? words[0].text : '';
    if (!BLOCK_HELPERS.includes(name as BlockHelper)) {
      fail(tag.offset, `unknown block helper "${name}" in ${shown(tag)}: the blocks are {{#if}}, {{#unless}} and {{#each}}`);
    }
    const helper = name as BlockHelper;
    const param = onePath(words.slice(1), tag, `{{#${helper}}} takes exactly one path, such as {{#${helper} ${helper === 'each' ? 'items' : 'user.admin'}}}`, fail);
    const block: BlockNode = { type: 'block', helper, param, program: { type: 'program', body: [] }, openStrip: tag.strip, offset: tag.offset };
    open.push({ block, target: block.program, chained, tag });
    return block;
  };

  const startInverse = (tag: TagToken): OpenBlock => {
    const current = open[open.length - 1];
    if (!current) fail(tag.offset, `${shown(tag)} outside a block: it belongs between {{#if …}} and {{/if}}`);
    if (current.block.inverse) fail(tag.offset, `a second ${shown(tag)} in the block opened at ${where(current.tag)}`);
    current.block.inverseStrip = tag.strip;
    return current;
  };

  for (const token of tokenize(source, fail)) {
    if (token.type === 'content') {
      target().push({ type: 'content', original: token.value, value: token.value });
      continue;
    }
    const tag = token;
    switch (tag.kind) {
      case 'comment':
        target().push({ type: 'comment', strip: tag.strip });
        break;
      case 'mustache':
      case 'triple':
      case 'ampersand': {
        const words = splitExpression(tag.inner, tag.innerOffset, fail);
        if (words.length === 0) fail(tag.offset, `${shown(tag)} is empty: write a path, such as {{user.name}}`);
        if (words.length > 1) fail(tag.offset, `unknown helper "${words[0].text}" in ${shown(tag)}: there are no helpers besides the blocks {{#if}}, {{#unless}} and {{#each}}`);
        const path = parsePath(words[0], fail);
        if (path.kind === 'context' && path.parts.length === 1 && path.original === path.parts[0] && HANDLEBARS_HELPERS.includes(path.original)) {
          fail(tag.offset, `${shown(tag)} names a Handlebars helper, not a property: write {{this.${path.original}}} to read the property`);
        }
        target().push({ type: 'mustache', path, escaped: tag.kind === 'mustache', strip: tag.strip });
        break;
      }
      case 'partial': {
        const words = splitExpression(tag.inner, tag.innerOffset, fail);
        const name = partialName(words[0], tag, fail);
        if (words.length > 2) fail(words[2].offset, `${shown(tag)}: a partial takes at most one context path, such as {{> chat/message message}}`);
        const context = words[1] ? parsePath(words[1], fail) : undefined;
        target().push({ type: 'partial', name, context, strip: tag.strip, offset: tag.offset });
        break;
      }
      case 'open': {
        const block = openBlock(tag, false);
        // openBlock pushed it on the stack already; it belongs to the body that was current before.
        (open.length > 1 ? open[open.length - 2].target.body : root.body).push(block);
        break;
      }
      case 'else': {
        const current = startInverse(tag);
        current.block.inverse = { type: 'program', body: [] };
        current.target = current.block.inverse;
        break;
      }
      case 'else-chain': {
        const current = startInverse(tag);
        const inverse: ProgramNode = { type: 'program', body: [], chained: true };
        current.block.inverse = inverse;
        current.target = inverse;
        inverse.body.push(openBlock(tag, true));
        break;
      }
      case 'close': {
        const words = splitExpression(tag.inner, tag.innerOffset, fail);
        const name = words.length === 1 && words[0].kind === 'word' ? words[0].text : '';
        if (!open.length) fail(tag.offset, `${shown(tag)} closes no block`);
        // An {{else if}} chain ends with the {{/if}} of the block that started it.
        while (open[open.length - 1].chained) {
          const chained = open.pop()!;
          chained.block.closeStrip = open[open.length - 1].chained ? chained.block.openStrip : tag.strip;
        }
        const current = open.pop()!;
        if (name !== current.block.helper) {
          fail(tag.offset, `${shown(tag)} does not close {{#${current.block.helper}}}, opened at ${where(current.tag)}: expected {{/${current.block.helper}}}`);
        }
        current.block.closeStrip = tag.strip;
        break;
      }
      default:
        fail(tag.offset, unsupported(tag));
    }
  }
  const unclosed = open.filter((o) => !o.chained).pop();
  if (unclosed) fail(unclosed.tag.offset, `{{#${unclosed.block.helper}}} is never closed: expected {{/${unclosed.block.helper}}}`);
  controlWhitespace(root);
  return root;
}

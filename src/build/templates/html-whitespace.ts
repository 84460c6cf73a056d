import type { BlockNode, ProgramNode, StatementNode, StripFlags } from './html-ast';

/**
 * Handlebars's whitespace rules, ported from its WhitespaceControl visitor so that output
 * matches it byte for byte:
 * - `~` in a tag (`{{~x}}`, `{{x~}}`) removes all whitespace on that side, newlines included;
 * - a block tag, `{{else}}`, a comment or a partial alone on its line ("standalone") takes the
 *   line with it: its indentation and its line break are not output;
 * - a standalone partial indents every line of its output as its tag was indented.
 */

/** What a statement asks of its neighbours. */
interface Strip {
  open?: boolean;
  close?: boolean;
  openStandalone?: boolean;
  closeStandalone?: boolean;
  inlineStandalone?: boolean;
}

function isPrevWhitespace(body: readonly StatementNode[], i: number | undefined, isRoot: boolean): boolean | undefined {
  const at = i === undefined ? body.length : i;
  const prev = body[at - 1];
  const sibling = body[at - 2];
  if (!prev) return isRoot;
  if (prev.type === 'content') return (sibling || !isRoot ? /\r?\n\s*?$/ : /(^|\r?\n)\s*?$/).test(prev.original);
  return undefined;
}

function isNextWhitespace(body: readonly StatementNode[], i: number | undefined, isRoot: boolean): boolean | undefined {
  const at = i === undefined ? -1 : i;
  const next = body[at + 1];
  const sibling = body[at + 2];
  if (!next) return isRoot;
  if (next.type === 'content') return (sibling || !isRoot ? /^\s*?\r?\n/ : /^\s*?(\r?\n|$)/).test(next.original);
  return undefined;
}

/** Trims the content after position `i` (the first statement when `i` is undefined): one line's end, or all whitespace when `multiple`. */
function omitRight(body: readonly StatementNode[], i?: number, multiple = false): void {
  const current = body[i === undefined ? 0 : i + 1];
  if (!current || current.type !== 'content' || (!multiple && current.rightStripped)) return;
  const original = current.value;
  current.value = current.value.replace(multiple ? /^\s+/ : /^[ \t]*\r?\n?/, '');
  current.rightStripped = current.value !== original;
}

/** Trims the content before position `i` (the last statement when `i` is undefined); whether it trimmed anything. */
function omitLeft(body: readonly StatementNode[], i?: number, multiple = false): boolean | undefined {
  const current = body[i === undefined ? body.length - 1 : i - 1];
  if (!current || current.type !== 'content' || (!multiple && current.leftStripped)) return undefined;
  const original = current.value;
  current.value = current.value.replace(multiple ? /\s+$/ : /[ \t]+$/, '');
  current.leftStripped = current.value !== original;
  return current.leftStripped;
}

/** Applies the rules to a template's tree, in place. */
export function controlWhitespace(root: ProgramNode): void {
  let rootSeen = false;

  const program = (node: ProgramNode): void => {
    const isRoot = !rootSeen;
    rootSeen = true;
    const body = node.body;
    for (let i = 0; i < body.length; i++) {
      const current = body[i];
      const strip = statement(current);
      if (!strip) continue;
      const prevWhitespace = isPrevWhitespace(body, i, isRoot);
      const nextWhitespace = isNextWhitespace(body, i, isRoot);
      const openStandalone = strip.openStandalone && prevWhitespace;
      const closeStandalone = strip.closeStandalone && nextWhitespace;
      const inlineStandalone = strip.inlineStandalone && prevWhitespace && nextWhitespace;
      if (strip.close) omitRight(body, i, true);
      if (strip.open) omitLeft(body, i, true);
      if (inlineStandalone) {
        omitRight(body, i);
        if (omitLeft(body, i) && current.type === 'partial') {
          // The whitespace that was removed before the tag indents the partial's lines.
          const before = body[i - 1];
          if (before.type === 'content') current.indent = /([ \t]+$)/.exec(before.original)?.[1];
        }
      }
      if (openStandalone && current.type === 'block') {
        omitRight((current.program ?? current.inverse).body);
        omitLeft(body, i);
      }
      if (closeStandalone && current.type === 'block') {
        omitRight(body, i);
        omitLeft((current.inverse ?? current.program).body);
      }
    }
  };

  const block = (node: BlockNode): Strip => {
    program(node.program);
    if (node.inverse) program(node.inverse);
    const main = node.program;
    const inverse = node.inverse;
    let firstInverse = inverse;
    let lastInverse = inverse;
    if (inverse?.chained) {
      firstInverse = (inverse.body[0] as BlockNode).program;
      // As Handlebars walks it: the chain's last inverse is looked up from the program, not the inverse.
      while (lastInverse?.chained) lastInverse = (lastInverse.body[lastInverse.body.length - 1] as BlockNode).program;
    }
    const openStrip: StripFlags = node.openStrip;
    const closeStrip: StripFlags | undefined = node.closeStrip;
    const strip: Strip = {
      open: openStrip.open,
      close: closeStrip?.close,
      openStandalone: isNextWhitespace(main.body, undefined, false),
      closeStandalone: isPrevWhitespace((firstInverse ?? main).body, undefined, false),
    };
    if (openStrip.close) omitRight(main.body, undefined, true);
    if (inverse && firstInverse && lastInverse) {
      const inverseStrip = node.inverseStrip!;
      if (inverseStrip.open) omitLeft(main.body, undefined, true);
      if (inverseStrip.close) omitRight(firstInverse.body, undefined, true);
      if (closeStrip?.open) omitLeft(lastInverse.body, undefined, true);
      // A standalone {{else}}.
      if (isPrevWhitespace(main.body, undefined, false) && isNextWhitespace(firstInverse.body, undefined, false)) {
        omitLeft(main.body);
        omitRight(firstInverse.body);
      }
    } else if (closeStrip?.open) {
      omitLeft(main.body, undefined, true);
    }
    return strip;
  };

  const statement = (node: StatementNode): Strip | undefined => {
    switch (node.type) {
      case 'content':
        return undefined;
      case 'mustache':
        return node.strip;
      case 'comment':
      case 'partial':
        return { inlineStandalone: true, open: node.strip.open, close: node.strip.close };
      case 'block':
        return block(node);
    }
  };

  program(root);
}

import type { StripFlags } from './html-ast';

/** What a `{{…}}` tag is, from the characters after its `{{` (and `~`). */
export type TagKind =
  /** `{{path}}` */
  | 'mustache'
  /** `{{{path}}}` */
  | 'triple'
  /** `{{& path}}` */
  | 'ampersand'
  /** `{{! … }}`, `{{!-- … --}}` */
  | 'comment'
  /** `{{> name}}` */
  | 'partial'
  /** `{{#helper …}}` */
  | 'open'
  /** `{{/helper}}` */
  | 'close'
  /** `{{else}}`, `{{^}}` */
  | 'else'
  /** `{{else helper …}}` */
  | 'else-chain'
  /** Handlebars forms this language does not have: `{{^x}}`, `{{#> x}}`, `{{#* x}}`, `{{* x}}`, `{{{{x}}}}`. */
  | 'unsupported';

/** Text between tags. */
export interface ContentToken {
  readonly type: 'content';
  readonly value: string;
}

/** One `{{…}}` tag. */
export interface TagToken {
  readonly type: 'tag';
  readonly kind: TagKind;
  /** What is between the opener (`{{#`, `{{>`, …) and the closer, untrimmed. */
  readonly inner: string;
  /** Offset of `inner` in the source. */
  readonly innerOffset: number;
  /** Offset of the tag's `{{`. */
  readonly offset: number;
  /** The whole tag as written, for errors. */
  readonly text: string;
  readonly strip: StripFlags;
}

export type Token = ContentToken | TagToken;

/** Reports a syntax error at an offset of the source; never returns. */
export type Fail = (offset: number, message: string) => never;

/**
 * Where the content that starts with an escaped `\{{` ends: before the next `{{`, `\{{` or
 * `\\{{` (Handlebars's "emu" state), or at the end.
 */
function escapedContentEnd(source: string, from: number): number {
  const next = source.indexOf('{{', from + 2);
  if (next < 0) return source.length;
  if (next - 2 >= from + 2 && source[next - 1] === '\\' && source[next - 2] === '\\') return next - 2;
  if (next - 1 >= from + 2 && source[next - 1] === '\\') return next - 1;
  return next;
}

/** Whether `pattern` (sticky) matches `source` at `at`, without copying the rest of the source. */
function matchesAt(pattern: RegExp, source: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(source);
}

/** `{{^}}` or `{{else}}` up to its closer. */
const INVERSE_REST = /\s*~?\}\}/y;
/** `else` after `{{`, as a word. */
const ELSE = /\s*else(?=[\s~}])/y;

/** The kind of the tag whose `{{` (and `~`) end just before `at`, and where its inner text starts. */
function tagKind(source: string, at: number): { kind: TagKind; innerStart: number } {
  const rest = source.slice(at, at + 2);
  if (rest.startsWith('!')) return { kind: 'comment', innerStart: at + 1 };
  if (rest.startsWith('>')) return { kind: 'partial', innerStart: at + 1 };
  if (rest === '#>' || rest === '#*') return { kind: 'unsupported', innerStart: at + 2 };
  if (rest.startsWith('#')) return { kind: 'open', innerStart: at + 1 };
  if (rest.startsWith('/')) return { kind: 'close', innerStart: at + 1 };
  if (rest.startsWith('^')) return { kind: matchesAt(INVERSE_REST, source, at + 1) ? 'else' : 'unsupported', innerStart: at + 1 };
  if (rest.startsWith('{')) return { kind: 'triple', innerStart: at + 1 };
  if (rest.startsWith('&')) return { kind: 'ampersand', innerStart: at + 1 };
  if (rest.startsWith('*')) return { kind: 'unsupported', innerStart: at + 1 };
  const elseTag = matchesAt(ELSE, source, at);
  if (elseTag) {
    const after = at + elseTag[0].length;
    return { kind: matchesAt(INVERSE_REST, source, after) ? 'else' : 'else-chain', innerStart: after };
  }
  return { kind: 'mustache', innerStart: at };
}

/** Where the tag's closer starts and ends, and whether it strips (`~}}`); undefined when there is none. */
function findCloser(source: string, kind: TagKind, long: boolean, from: number): { start: number; end: number; strip: boolean } | undefined {
  // A short comment ends at its first "}}", a long one at "--}}"; "~" right before "}}" strips.
  const pattern = long ? /--(~?)\}\}/g : kind === 'triple' ? /\}(~?)\}\}/g : /(~?)\}\}/g;
  pattern.lastIndex = from;
  const match = pattern.exec(source);
  return match ? { start: match.index, end: match.index + match[0].length, strip: match[1] === '~' } : undefined;
}

/**
 * Splits a template into text and tags the way Handlebars's lexer does: `\{{` writes `{{`
 * literally, `\\{{` a backslash followed by a tag; `{{!-- … --}}` comments may contain `}}`.
 */
export function tokenize(source: string, fail: Fail): Token[] {
  const tokens: Token[] = [];
  const content = (value: string): void => {
    if (value) tokens.push({ type: 'content', value });
  };
  let pos = 0;
  while (pos < source.length) {
    const open = source.indexOf('{{', pos);
    if (open < 0) {
      content(source.slice(pos));
      break;
    }
    const text = source.slice(pos, open);
    if (text.endsWith('\\') && !text.endsWith('\\\\')) {
      content(text.slice(0, -1));
      const end = escapedContentEnd(source, open);
      content(source.slice(open, end));
      pos = end;
      continue;
    }
    content(text.endsWith('\\\\') ? text.slice(0, -1) : text);
    if (source.startsWith('{{{{', open)) fail(open, 'raw blocks ({{{{raw}}}}) are not supported; write \\{{ for a literal "{{"');
    const stripOpen = source[open + 2] === '~';
    const { kind, innerStart } = tagKind(source, open + 2 + (stripOpen ? 1 : 0));
    const long = kind === 'comment' && source.startsWith('--', innerStart);
    const closer = findCloser(source, kind, long, innerStart);
    if (!closer) fail(open, `this tag is never closed: expected "${long ? '--}}' : kind === 'triple' ? '}}}' : '}}'}"`);
    tokens.push({
      type: 'tag',
      kind,
      inner: source.slice(innerStart, closer.start),
      innerOffset: innerStart,
      offset: open,
      text: source.slice(open, closer.end),
      strip: { open: stripOpen, close: closer.strip },
    });
    pos = closer.end;
  }
  return tokens;
}

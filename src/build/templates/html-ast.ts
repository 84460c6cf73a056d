/**
 * The syntax tree of the default template language (a subset of Handlebars), shaped like
 * Handlebars's own so that its whitespace rules (standalone lines, `~`) port one to one.
 */

/** `{{~` and `~}}` on one tag: strip the whitespace before it (`open`) or after it (`close`). */
export interface StripFlags {
  readonly open: boolean;
  readonly close: boolean;
}

/** A path read from the current context (`name`, `a.b`, `this`, `../x`). */
export interface ContextPath {
  readonly kind: 'context';
  /** How many `../` lead it: contexts of enclosing `{{#each}}` blocks to climb. */
  readonly up: number;
  /** Property names read one after the other; empty for `this`. */
  readonly parts: readonly string[];
  /** Offset in the source, for errors. */
  readonly offset: number;
  /** As written, for errors. */
  readonly original: string;
}

/** The data variables of `{{#each}}` and `@root`. */
export type DataName = 'index' | 'key' | 'first' | 'last' | 'root';

/** A path that starts at a data variable (`@index`, `@root.user.name`). */
export interface DataPath {
  readonly kind: 'data';
  readonly name: DataName;
  readonly parts: readonly string[];
  readonly offset: number;
  readonly original: string;
}

export type PathExpression = ContextPath | DataPath;

/** Text between tags. `value` is what is output; whitespace rules trim it, `original` stays as read. */
export interface ContentNode {
  readonly type: 'content';
  readonly original: string;
  value: string;
  leftStripped?: boolean;
  rightStripped?: boolean;
}

/** `{{path}}` (escaped), `{{{path}}}` or `{{& path}}` (raw). */
export interface MustacheNode {
  readonly type: 'mustache';
  readonly path: PathExpression;
  readonly escaped: boolean;
  readonly strip: StripFlags;
}

/** `{{! … }}` or `{{!-- … --}}`: outputs nothing. */
export interface CommentNode {
  readonly type: 'comment';
  readonly strip: StripFlags;
}

/** `{{> address}}` or `{{> address context}}`. */
export interface PartialNode {
  readonly type: 'partial';
  /** The template's address: `chat/message`. */
  readonly name: string;
  /** The context given to it; the current one when absent. */
  readonly context?: PathExpression;
  readonly strip: StripFlags;
  readonly offset: number;
  /** Set by the whitespace rules when the tag stands alone on an indented line: every line of its output is indented so. */
  indent?: string;
}

/** The block helpers the language knows. */
export type BlockHelper = 'if' | 'unless' | 'each';

/** `{{#if x}}…{{else}}…{{/if}}` and its kin; `{{else if y}}` nests a chained block as the inverse. */
export interface BlockNode {
  readonly type: 'block';
  readonly helper: BlockHelper;
  readonly param: PathExpression;
  readonly program: ProgramNode;
  inverse?: ProgramNode;
  readonly openStrip: StripFlags;
  inverseStrip?: StripFlags;
  closeStrip?: StripFlags;
  readonly offset: number;
}

export type StatementNode = ContentNode | MustacheNode | CommentNode | PartialNode | BlockNode;

/** A sequence of statements: a whole template, or one branch of a block. */
export interface ProgramNode {
  readonly type: 'program';
  readonly body: StatementNode[];
  /** An inverse made of a single `{{else if …}}` block. */
  chained?: boolean;
}

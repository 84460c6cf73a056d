import type { PathExpression, ProgramNode } from './html-ast';
import type { Fail } from './html-tokenizer';

/** A compiled template: a JavaScript expression over the names `HTML_RUNTIME` exports. */
export interface GeneratedTemplate {
  /** `(c0, o) => string`: the context, and options whose `data` is the data frame a partial inherits. */
  readonly code: string;
  /** Addresses of the partials it includes, sorted. */
  readonly partials: string[];
}

/**
 * Generates the template function. Contexts are `c0` (the template's) and `c1`, `c2`… (the items
 * of nested `{{#each}}` blocks), so `../` is resolved at build time; `d0`, `d1`… are the data
 * frames (`@index`, `@root`…). Text is JSON-quoted, values go through `e` (escaped) or `s` (raw).
 */
export function generateTemplate(root: ProgramNode, fail: Fail): GeneratedTemplate {
  const partials = new Set<string>();
  const usedContexts = new Set<number>();
  const usedFrames = new Set<number>();
  const context = (depth: number): string => {
    usedContexts.add(depth);
    return `c${depth}`;
  };
  const frame = (depth: number): string => {
    usedFrames.add(depth);
    return `d${depth}`;
  };

  const path = (expr: PathExpression, depth: number): string => {
    let base: string;
    if (expr.kind === 'data') {
      base = `${frame(depth)}.${expr.name}`;
    } else {
      if (expr.up > depth) {
        fail(expr.offset, `"${expr.original}" climbs above the template's context: each "../" leaves one enclosing {{#each}}, and there ${depth === 1 ? 'is 1' : `are ${depth}`} here`);
      }
      base = context(depth - expr.up);
    }
    return expr.parts.reduce((acc, part) => `l(${acc}, ${JSON.stringify(part)})`, base);
  };

  const program = (node: ProgramNode, depth: number): string => {
    const parts: string[] = [];
    let text = '';
    const flush = (): void => {
      if (text) parts.push(JSON.stringify(text));
      text = '';
    };
    for (const statement of node.body) {
      switch (statement.type) {
        case 'content':
          text += statement.value;
          break;
        case 'comment':
          break;
        case 'mustache':
          flush();
          parts.push(`${statement.escaped ? 'e' : 's'}(${path(statement.path, depth)})`);
          break;
        case 'partial': {
          flush();
          partials.add(statement.name);
          const given = statement.context ? path(statement.context, depth) : context(depth);
          const indent = statement.indent ? `, ${JSON.stringify(statement.indent)}` : '';
          parts.push(`p(${JSON.stringify(statement.name)}, ${given}, ${frame(depth)}${indent})`);
          break;
        }
        case 'block': {
          flush();
          const value = path(statement.param, depth);
          if (statement.helper === 'each') {
            usedContexts.delete(depth + 1);
            usedFrames.delete(depth + 1);
            const body = program(statement.program, depth + 1);
            const params = usedFrames.has(depth + 1) ? `c${depth + 1}, d${depth + 1}` : usedContexts.has(depth + 1) ? `c${depth + 1}` : '';
            const inverse = statement.inverse ? `, () => ${program(statement.inverse, depth)}` : '';
            parts.push(`each(${value}, ${frame(depth)}, (${params}) => ${body}${inverse})`);
          } else {
            const yes = program(statement.program, depth);
            const no = statement.inverse ? program(statement.inverse, depth) : '""';
            parts.push(statement.helper === 'if' ? `(t(${value}) ? ${yes} : ${no})` : `(t(${value}) ? ${no} : ${yes})`);
          }
          break;
        }
      }
    }
    flush();
    return parts.length ? parts.join(' + ') : '""';
  };

  const body = program(root, 0);
  let code: string;
  if (usedFrames.has(0)) code = `(c0, o) => { const d0 = (o && o.data) || { root: c0 }; return ${body}; }`;
  else if (usedContexts.has(0)) code = `(c0) => ${body}`;
  else code = `() => ${body}`;
  return { code, partials: [...partials].sort() };
}

import { createRequire } from 'node:module';
import { SocketStreamError } from '../../errors/socketstream-error';

/** The part of an ESTree the export walk reads. */
interface EsNode {
  type: string;
  declaration?: { type: string; id?: { type: string; name: string } | null; declarations?: { id: { type: string; name?: string } }[] } | null;
  specifiers?: { exported: { type: string; name?: string; value?: unknown } }[];
}

/**
 * The names an engine's runtime module exports (`export const e = …`, `export function each`,
 * `export { a as b }`), which its compiled templates may use. Parsed with rollup's parser,
 * loaded on first use. `export *` and `export default` give no names.
 *
 * @param engine named in the error
 * @throws SocketStreamError `SS_ERR_BUILD` when the runtime is not valid ES module source
 */
export function runtimeExports(source: string, engine: string): string[] {
  const { parseAst } = createRequire(__filename)('rollup/parseAst') as { parseAst: (code: string) => { body: EsNode[] } };
  let body: EsNode[];
  try {
    body = parseAst(source).body;
  } catch (err) {
    throw new SocketStreamError('SS_ERR_BUILD', `the runtime module of the template engine ${engine} is not valid ES module source: ${(err as Error).message}`, { cause: err });
  }
  const names = new Set<string>();
  for (const node of body) {
    if (node.type !== 'ExportNamedDeclaration') continue;
    const declaration = node.declaration;
    if (declaration?.id?.type === 'Identifier') names.add(declaration.id.name);
    for (const declarator of declaration?.declarations ?? []) if (declarator.id.type === 'Identifier' && declarator.id.name) names.add(declarator.id.name);
    for (const specifier of node.specifiers ?? []) {
      const exported = specifier.exported;
      const name = exported.type === 'Identifier' ? exported.name : exported.value;
      if (typeof name === 'string' && /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default') names.add(name);
    }
  }
  return [...names].sort();
}

import type { Plugin } from 'rollup';
import { SocketStreamError } from '../../errors/socketstream-error';
import { displayPath } from '../display-path';

/**
 * `.json` files as ES modules whose default export is the parsed value: `import data from
 * './data.json'` in the app, `require('./data.json')` in CommonJS packages. Not parsed into named
 * exports: a page imports whole documents, and the default keeps the module simple.
 *
 * @throws SocketStreamError `SS_ERR_BUILD` naming the file when it is not JSON
 */
export function jsonPlugin(root: string): Plugin {
  return {
    name: 'socketstream-json',
    transform(code, id) {
      if (id.startsWith('\0') || !id.toLowerCase().endsWith('.json')) return null;
      try {
        JSON.parse(code);
      } catch (err) {
        throw new SocketStreamError('SS_ERR_BUILD', `${displayPath(root, id)}: not JSON: ${(err as Error).message}`, { cause: err });
      }
      return { code: `export default ${code.trim()};\n`, map: { mappings: '' } };
    },
  };
}

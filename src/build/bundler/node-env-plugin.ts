import type { Plugin } from 'rollup';

/** `process.env.NODE_ENV` read as a value: not a member of something else, not assigned to. */
const NODE_ENV = /(?<![\w$.])process\.env\.NODE_ENV(?![\w$])(?!\s*=(?!=))/g;

/**
 * `process.env.NODE_ENV` as a constant, as browser bundles of npm packages expect (React, Vue and
 * many others branch on it, and a page has no `process`): `"production"` in production builds,
 * `"development"` otherwise. The replacement is padded to the length of what it replaces
 * (`("production"      )`), so every column stays where it was and source maps need no change.
 */
export function nodeEnvPlugin(production: boolean): Plugin {
  const value = JSON.stringify(production ? 'production' : 'development');
  const replacement = `(${value}${' '.repeat('process.env.NODE_ENV'.length - value.length - 2)})`;
  return {
    name: 'socketstream-node-env',
    transform(code, id) {
      if (id.startsWith('\0') || !code.includes('process.env.NODE_ENV')) return null;
      const replaced = code.replace(NODE_ENV, replacement);
      return replaced === code ? null : { code: replaced, map: null };
    },
  };
}

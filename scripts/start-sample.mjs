/**
 * `npm start`: runs the sample chat app (sample/main.ts) from its TypeScript sources, like
 * `node --require @swc-node/register sample/main.ts`. @swc-node/register compiles on the fly
 * with the repo's tsconfig.json (legacy decorators and metadata), whose `paths` send
 * `socketstream` and `socketstream/*` to src/ and decorators/, so no build is needed.
 * PORT overrides 3000.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.env.SWC_NODE_PROJECT = join(root, 'tsconfig.json');
process.env.PORT ||= '3000';
const require = createRequire(import.meta.url);
require('@swc-node/register');
require(join(root, 'sample', 'main.ts'));

#!/usr/bin/env node
// The `ss` command: a launcher for the CLI in src/cli (docs/cli.md). In a checkout of the
// repository it runs the TypeScript sources through @swc-node/register with the repository's
// tsconfig.json, so `node bin/ss.js` needs no build and never runs a stale dist/; in an
// installed package (which ships dist/, not src/) it runs the compiled CLI.
'use strict';

const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const source = join(root, 'src', 'cli', 'main.ts');
const compiled = join(root, 'dist', 'src', 'cli', 'main.js');

function load() {
  if (existsSync(source)) {
    try {
      require.resolve('@swc-node/register');
    } catch {
      // A checkout without its dev dependencies: the compiled CLI, if any, is all there is.
      if (existsSync(compiled)) return require(compiled);
    }
    process.env.SWC_NODE_PROJECT = join(root, 'tsconfig.json');
    // Inline maps keep Node's own source-map handling: stack traces of an app's .ts name its lines.
    process.env.SWC_NODE_SOURCE_MAP_MODE ??= 'inline';
    require('@swc-node/register');
    return require(source);
  }
  if (existsSync(compiled)) return require(compiled);
  console.error(`ss: neither ${compiled} nor ${source} exists; run npm run build in ${root}`);
  process.exit(1);
}

load()
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      // main() reports a command's errors itself; this is a fault of the CLI's own.
      console.error(err);
      process.exitCode = 1;
    },
  );

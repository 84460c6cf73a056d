#!/usr/bin/env node
// The `ss` command. A placeholder: the commands themselves arrive in a later release.
'use strict';

const USAGE = `Usage: ss <command>

Commands (not available yet; they arrive in a later release):
  new <dir>   create an app
  dev         run the app with live reload
  start       run the app in production mode
  build       build the client assets for production

Options:
  -h, --help     show this help
  -v, --version  print the version`;

const [command] = process.argv.slice(2);
if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
  console.log(USAGE);
  process.exit(command === undefined ? 1 : 0);
} else if (command === '-v' || command === '--version') {
  console.log(require('../package.json').version);
} else if (['new', 'dev', 'start', 'build'].includes(command)) {
  console.error(`ss ${command}: not available yet in this version of socketstream`);
  process.exit(1);
} else {
  console.error(`ss: unknown command "${command}"\n\n${USAGE}`);
  process.exit(1);
}

import { Command, Option } from 'commander';
import type { CliContext } from './cli-context';
import { buildCommand } from './commands/build.command';
import { devCommand } from './commands/dev.command';
import { newCommand } from './commands/new.command';
import { startCommand } from './commands/start.command';
import type { ExitCode } from './exit-codes';
import { findApp } from './find-app';
import { defaultPort, parseCdn, parsePort, parseWorkers } from './option-parsers';
import { frameworkPackage } from './package-root';

/** What commander hands an action of dev, build or start (before defaults and app lookup). */
interface AppCommandFlags {
  root?: string;
  port?: number;
  host?: string;
  workers?: number;
  out?: string;
  cdn?: string;
  inline?: boolean;
}

const ROOT_HELP = 'the app\'s folder (default: the nearest folder with app.ts or app.js, from the working directory up)';

/**
 * The `ss` command line: commands, options and help. Usage errors are thrown (commander's
 * `exitOverride`) rather than exiting the process, so `main` decides the exit code and tests run
 * it in-process. Each action reports the command's exit code through `done`.
 */
export function createProgram(context: CliContext, done: (code: ExitCode) => void): Command {
  const { output } = context;
  const program = new Command('ss')
    .description('SocketStream: create, develop, build and serve real-time single-page apps.')
    .version(frameworkPackage().version, '-v, --version', 'print the version of socketstream')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(ss --help lists the commands and options)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => output.writeOut(text),
      writeErr: (text) => output.writeErr(text),
      // Commander's message (with its "did you mean" suggestion) in red; its help hint after it stays plain.
      outputError: (text, write) => write(`${output.errorColors.red(text.replace(/\n$/, ''))}\n`),
    });
  // Subcommands inherit the settings above (copyInheritedSettings) when made with .command().

  program
    .command('new')
    .argument('<dir>', 'the folder to create (made if missing)')
    .description('create an app in <dir>: server, client, shared code, a test, package.json')
    .option('--force', 'write into <dir> even if it is not empty', false)
    .option('--socketstream <spec>', 'the app\'s socketstream dependency (default: file:<this socketstream\'s folder>)')
    .action(async (dir: string, flags: { force: boolean; socketstream?: string }) => {
      done(await newCommand(dir, flags, context));
    });

  program
    .command('dev')
    .description('run the app in development: live reload, server restart on change')
    .option('--root <dir>', ROOT_HELP)
    .addOption(new Option('--port <n>', 'the port to listen on (default: PORT, else 3000)').argParser(parsePort))
    .option('--host <host>', 'the address to listen on (default: 0.0.0.0, every interface)')
    .action(async (flags: AppCommandFlags) => {
      done(await devCommand({ app: findApp({ cwd: context.cwd, root: flags.root }), port: flags.port ?? defaultPort(context.env), host: flags.host }, context));
    });

  program
    .command('build')
    .description('build the app for production: server code, hashed and precompressed client assets, manifest')
    .option('--root <dir>', ROOT_HELP)
    .option('--out <dir>', 'where to write the build, relative to the app\'s folder', 'build')
    .addOption(new Option('--cdn <url>', 'serve assets from this base URL (default: the app\'s own origin)').argParser(parseCdn))
    .option('--inline', 'inline CSS and JS into each page', false)
    .action(async (flags: AppCommandFlags) => {
      const app = findApp({ cwd: context.cwd, root: flags.root });
      done(await buildCommand({ app, out: flags.out ?? 'build', cdn: flags.cdn, inline: flags.inline ?? false }, context));
    });

  program
    .command('start')
    .description('serve the built app in production mode (run ss build first)')
    .option('--root <dir>', ROOT_HELP)
    .addOption(new Option('--port <n>', 'the port to listen on (default: PORT, else 3000)').argParser(parsePort))
    .addOption(new Option('--workers <n>', 'processes sharing the port; more than 1 needs Redis').argParser(parseWorkers).default(1))
    .option('--out <dir>', 'the build to serve, relative to the app (as given to ss build)', 'build')
    .action(async (flags: AppCommandFlags) => {
      const app = findApp({ cwd: context.cwd, root: flags.root });
      done(await startCommand({ app, port: flags.port ?? defaultPort(context.env), workers: flags.workers ?? 1, out: flags.out ?? 'build' }, context));
    });

  return program;
}

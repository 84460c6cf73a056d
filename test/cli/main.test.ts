import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './cli-harness';

const version = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

describe('ss, the command line', () => {
  it('lists every command in its help and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['new [options] <dir>', 'dev [options]', 'build [options]', 'start [options]']) expect(run.stdout).toContain(command);
    expect(run.stdout).toMatch(/-v, --version/);
    expect(run.stderr).toBe('');
  });

  it('prints the package version for -v and --version', async () => {
    for (const flag of ['-v', '--version']) await expect(runCli([flag])).resolves.toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('exits 2 on an unknown command, suggesting the closest one', async () => {
    const run = await runCli(['nwe', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: unknown command 'nwe'\n\(Did you mean new\?\)\n/);
    expect(run.stdout).toBe('');
  });

  it('exits 2 on an unknown option, before running the command', async () => {
    const run = await runCli(['dev', '--prot', '4000']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: unknown option '--prot'/);
    expect(run.stderr).not.toContain('not implemented');
  });

  it('exits 2 when no command is given, with the help on stderr', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: ss [options] [command]');
  });

  it('exits 2 when new has no folder', async () => {
    const run = await runCli(['new']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: missing required argument 'dir'/);
  });

  it.each([
    [['dev', '--port', 'http'], "option '--port <n>' argument 'http' is invalid. A port is a whole number from 0 to 65535."],
    [['start', '--port', '70000'], "option '--port <n>' argument '70000' is invalid."],
    [['start', '--workers', '0'], "option '--workers <n>' argument '0' is invalid. The number of workers is a whole number, 1 or more."],
    [['build', '--cdn', 'ftp://cdn.example.com'], "option '--cdn <url>' argument 'ftp://cdn.example.com' is invalid. A CDN base is an http(s) URL"],
  ])('exits 2 on a malformed option value: ss %j', async (argv, message) => {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: ${message}`);
  });

  it.each([
    ['dev', ['--root <dir>', '--port <n>', 'default: PORT, else 3000']],
    ['build', ['--root <dir>', '--out <dir>', '(default: "build")', '--cdn <url>', '--inline']],
    ['start', ['--root <dir>', '--port <n>', '--workers <n>', '(default: 1)']],
    ['new', ['<dir>', '--force', '--socketstream <spec>']],
  ])('documents the options of %s in its --help', async (command, options) => {
    const run = await runCli([command, '--help']);
    expect(run.code).toBe(0);
    // Commander wraps descriptions to the terminal's width.
    const help = run.stdout.replace(/\s+/g, ' ');
    for (const option of options) expect(help).toContain(option);
  });

  it('answers ss help <command> like ss <command> --help, with exit 0 whatever process.exitCode already holds', async () => {
    const before = process.exitCode;
    process.exitCode = 2;
    const run = await runCli(['help', 'start']).finally(() => (process.exitCode = before));
    expect({ code: run.code, err: run.stderr }).toEqual({ code: 0, err: '' });
    expect(run.stdout).toContain('Usage: ss start [options]');
  });

  it('refuses ss start in an app without a build, exit 1, saying to run ss build', async () => {
    const root = join(__dirname, '..', '..', 'templates', 'new-app');
    const run = await runCli(['start', '--root', root]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^ss start: no build in .*build \(SS_ERR_NO_BUILD\): run ss build first\n$/);
  });

  it('prints a failing command\'s error as one line with its code, and exits 1', async () => {
    const run = await runCli(['dev', '--root', join(__dirname, 'no-such-folder')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: --root .*no-such-folder does not exist; point --root at the folder of your app.ts \(SS_ERR_APP_NOT_FOUND\)\n$/);
  });

  it('adds the stack under SS_DEBUG=1', async () => {
    const run = await runCli(['dev', '--root', join(__dirname, 'no-such-folder')], { env: { SS_DEBUG: '1' } });
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').length).toBeGreaterThan(3);
    expect(run.stderr).toMatch(/\n\s+at findApp /);
  });

  it('prints errors in red when colour is forced, and plain otherwise', async () => {
    const forced = await runCli(['nope'], { env: { FORCE_COLOR: '1' } });
    expect(forced.stderr.startsWith("\u001b[31merror: unknown command 'nope'")).toBe(true);
    const plain = await runCli(['nope'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(plain.stderr).not.toContain('\u001b[');
  });
});

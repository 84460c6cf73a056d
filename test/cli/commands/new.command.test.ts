import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileDependencyWarning } from '../../../src/cli/commands/new.command';
import { runCli } from '../cli-harness';

let tmp: string;

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ss-new-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('ss new <dir>', () => {
  it('creates the app relative to the working directory and prints the next steps', async () => {
    const run = await runCli(['new', 'my-app'], { cwd: tmp });
    expect(run.code).toBe(0);
    expect(existsSync(join(tmp, 'my-app', 'app.ts'))).toBe(true);
    expect(run.stdout).toContain(`Created my-app in ${join(tmp, 'my-app')} (15 files)`);
    expect(run.stdout).toContain('cd my-app && npm install && npx ss dev');
  });

  it('quotes a folder with a space in the cd line', async () => {
    const run = await runCli(['new', 'My App'], { cwd: tmp });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('cd "My App" && npm install && npx ss dev');
  });

  it('leaves the cd out of the next steps when the app is the working directory', async () => {
    const run = await runCli(['new', '.'], { cwd: tmp });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\n {2}npm install && npx ss dev\n/);
  });

  it('refuses a folder that is not empty with exit 1 and one line naming it', async () => {
    mkdirSync(join(tmp, 'busy'));
    writeFileSync(join(tmp, 'busy', 'keep.txt'), '');
    const run = await runCli(['new', 'busy'], { cwd: tmp });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`error: ss new ${join(tmp, 'busy')}: the folder is not empty (keep.txt); choose a new folder, or pass --force to write the app's files into it (SS_ERR_INVALID_ARGUMENT)\n`);
    expect(existsSync(join(tmp, 'busy', 'app.ts'))).toBe(false);
  });

  it('writes into a folder that is not empty with --force', async () => {
    mkdirSync(join(tmp, 'busy'));
    writeFileSync(join(tmp, 'busy', 'keep.txt'), 'kept');
    const run = await runCli(['new', 'busy', '--force'], { cwd: tmp });
    expect(run.code).toBe(0);
    expect(readFileSync(join(tmp, 'busy', 'keep.txt'), 'utf8')).toBe('kept');
    expect(existsSync(join(tmp, 'busy', 'server', 'rpc', 'hello.ts'))).toBe(true);
  });

  it('writes the socketstream dependency given with --socketstream', async () => {
    const run = await runCli(['new', join(tmp, 'abs'), '--socketstream', 'file:../socketstream-0.1.0.tgz'], { cwd: tmp });
    expect(run.code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(tmp, 'abs', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.socketstream).toBe('file:../socketstream-0.1.0.tgz');
    expect(run.stdout).toContain('socketstream dependency: file:../socketstream-0.1.0.tgz');
  });

  describe('the warning about the default file: dependency', () => {
    const make = (paths: string[]): string => {
      const dir = join(tmp, 'framework');
      for (const path of paths) {
        mkdirSync(join(dir, path, '..'), { recursive: true });
        writeFileSync(join(dir, path), '');
      }
      return dir;
    };

    it('says nothing for a built checkout', () => {
      expect(fileDependencyWarning(make(['src/cli/main.ts', 'dist/src/index.js']))).toBeUndefined();
    });

    it('asks to build a checkout that has no dist/', () => {
      expect(fileDependencyWarning(make(['src/cli/main.ts']))).toMatch(/has no dist\/ yet; run npm run build there/);
    });

    it('asks for --socketstream when run from an installed copy, whose prepare script cannot run', () => {
      expect(fileDependencyWarning(make(['dist/src/index.js']))).toMatch(/runs from an installed copy .*--socketstream <spec>/);
    });
  });
});

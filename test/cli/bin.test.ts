import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const bin = join(__dirname, '..', '..', 'bin', 'ss.js');

/** Runs `node bin/ss.js …` as a user's shell would, with no inherited Node flags. */
function ss(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const { status, stdout, stderr } = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1' }, timeout: 30_000 });
  return { status, stdout, stderr };
}

describe('bin/ss.js, the launcher', () => {
  it('runs the CLI from the sources in a checkout and exits with its code: 0 for --version', () => {
    const run = ss('--version');
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits the process with 2 on an unknown command', () => {
    const run = ss('deploy');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("error: unknown command 'deploy'");
  });
});

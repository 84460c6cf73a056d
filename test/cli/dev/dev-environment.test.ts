import { applyDevelopmentEnvironment, devHost, displayUrl } from '../../../src/cli/dev/dev-environment';

describe('the environment of ss dev', () => {
  it('runs the app in development with a random session secret for the run, so cookies outlive restarts', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(applyDevelopmentEnvironment(env)).toEqual({ nodeEnv: 'development', generatedSecret: true });
    expect(env.NODE_ENV).toBe('development');
    expect(env.SS_SECRET).toMatch(/^[\w-]{43}$/);
    const other: NodeJS.ProcessEnv = {};
    applyDevelopmentEnvironment(other);
    expect(other.SS_SECRET).not.toBe(env.SS_SECRET);
  });

  it('keeps what the user set', () => {
    const env: NodeJS.ProcessEnv = { NODE_ENV: 'staging', SS_SECRET: 'mine' };
    expect(applyDevelopmentEnvironment(env)).toEqual({ nodeEnv: 'staging', generatedSecret: false });
    expect(env).toEqual({ NODE_ENV: 'staging', SS_SECRET: 'mine' });
  });

  it('listens on every IPv4 interface unless told, and shows a wildcard address as localhost', () => {
    expect(devHost()).toBe('0.0.0.0');
    expect(devHost('127.0.0.1')).toBe('127.0.0.1');
    expect(displayUrl('0.0.0.0', 3000)).toBe('http://localhost:3000');
    expect(displayUrl('::', 3000)).toBe('http://localhost:3000');
    expect(displayUrl('127.0.0.1', 4000)).toBe('http://127.0.0.1:4000');
    expect(displayUrl('::1', 4000)).toBe('http://[::1]:4000');
  });
});

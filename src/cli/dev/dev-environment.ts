import { randomBytes } from 'node:crypto';

/** What {@link applyDevelopmentEnvironment} set, so `ss dev` can say so. */
export interface DevelopmentEnvironment {
  /** The `NODE_ENV` the app runs with: `development` unless the user set one. */
  readonly nodeEnv: string;
  /** True when `SS_SECRET` was unset and `ss dev` made a random one for this run. */
  readonly generatedSecret: boolean;
}

/**
 * Sets the environment the app runs with under `ss dev`, without overriding what the user set:
 * `NODE_ENV=development`, and a random `SS_SECRET` for this run. The secret matters because the
 * app is created again on each restart: without one, each app would pick its own random secret
 * and every session cookie would stop verifying at the first saved file. One secret for the run
 * keeps them valid across restarts; the next `ss dev` starts with fresh sessions anyway (the
 * memory stores die with the process).
 *
 * @param env the environment the app reads (`process.env`)
 */
export function applyDevelopmentEnvironment(env: NodeJS.ProcessEnv): DevelopmentEnvironment {
  env.NODE_ENV ||= 'development';
  const generatedSecret = !env.SS_SECRET;
  if (generatedSecret) env.SS_SECRET = randomBytes(32).toString('base64url');
  return { nodeEnv: env.NODE_ENV, generatedSecret };
}

/**
 * The address `ss dev` listens on: the one given (a `--host` option), else every IPv4 interface,
 * so the app is reachable as `localhost` and from a container's or VM's host, a phone on the LAN.
 * Not the `HOST` variable: some shells (tcsh) export it set to the machine's name.
 */
export function devHost(given?: string): string {
  return given || '0.0.0.0';
}

/** The URL to print for `host:port`: `localhost` for a wildcard address, brackets for IPv6. */
export function displayUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host;
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}`;
}

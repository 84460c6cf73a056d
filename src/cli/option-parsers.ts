import { InvalidArgumentError } from 'commander';

/**
 * Parsers for option values. Each throws commander's InvalidArgumentError, which commander
 * reports as `error: option '--port <n>' argument 'x' is invalid. …` and `ss` exits 2 (a usage
 * error), before any command runs.
 */

/** `--port`: a TCP port, 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('A port is a whole number from 0 to 65535.');
  return port;
}

/** `--workers`: how many processes, 1 or more. */
export function parseWorkers(value: string): number {
  const workers = Number(value);
  if (!/^\d+$/.test(value) || workers < 1) throw new InvalidArgumentError('The number of workers is a whole number, 1 or more.');
  return workers;
}

/** `--cdn`: the base URL assets are served from, http(s) or protocol-relative (`//cdn.example.com/app`). */
export function parseCdn(value: string): string {
  let url: URL;
  try {
    url = new URL(value.startsWith('//') ? `https:${value}` : value);
  } catch {
    throw new InvalidArgumentError('A CDN base is an http(s) URL such as https://cdn.example.com/app.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidArgumentError('A CDN base is an http(s) URL such as https://cdn.example.com/app.');
  return value;
}

/** The port to use when `--port` is not given: `PORT` from the environment, else 3000. */
export function defaultPort(env: NodeJS.ProcessEnv): number {
  const fromEnv = env.PORT;
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv) && Number(fromEnv) <= 65535) return Number(fromEnv);
  return 3000;
}

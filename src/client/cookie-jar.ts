/**
 * The cookies a Node client sends, as a browser would keep them for one origin: set from
 * `Set-Cookie` headers, removed when they expire there. Domain and path are not tracked because
 * a client only ever talks to one server.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** @param header an initial `Cookie` header, e.g. `ss.sid=abc; theme=dark` */
  constructor(header?: string) {
    for (const pair of header ? header.split(';') : []) this.put(pair, false);
  }

  /** Applies the `Set-Cookie` headers of a response. */
  store(setCookie: readonly string[] | string | undefined): void {
    for (const line of typeof setCookie === 'string' ? [setCookie] : (setCookie ?? [])) {
      const [pair, ...attributes] = line.split(';');
      this.put(pair, attributes.some(isExpiry));
    }
  }

  /** The `Cookie` header to send, or undefined when the jar is empty. */
  header(): string | undefined {
    return this.cookies.size === 0 ? undefined : Array.from(this.cookies, ([name, value]) => `${name}=${value}`).join('; ');
  }

  private put(pair: string, expired: boolean): void {
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    if (eq < 1 || name === '') return;
    if (expired) this.cookies.delete(name);
    else this.cookies.set(name, pair.slice(eq + 1).trim());
  }
}

function isExpiry(attribute: string): boolean {
  const eq = attribute.indexOf('=');
  const key = attribute.slice(0, eq).trim().toLowerCase();
  const value = attribute.slice(eq + 1).trim();
  return (key === 'max-age' && Number(value) <= 0) || (key === 'expires' && Date.parse(value) <= Date.now());
}

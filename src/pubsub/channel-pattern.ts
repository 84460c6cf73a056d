import { SocketStreamError } from '../errors/socketstream-error';

/** A whole `{param}` part: braces around an identifier. */
const PARAM = /^\{[A-Za-z_$][\w$]*\}$/;

/** A compiled `@Channel` pattern such as `room:{id}`. */
export interface ChannelPattern {
  readonly source: string;
  /** The pattern with its parameter names left out (`room:{}`): two patterns of one shape match the same names. */
  readonly shape: string;
  /** The params of `name` when it matches, else undefined. */
  match(name: string): Record<string, string> | undefined;
}

/**
 * Compiles a pattern: `{param}` matches a non-empty run of characters other than `:`; every other
 * character matches itself. A malformed `{param}` or a parameter named twice is `SS_ERR_INVALID_PATTERN`.
 *
 * @param owner the class the pattern decorates, for messages
 */
export function compileChannelPattern(source: string, owner: string): ChannelPattern {
  const names: string[] = [];
  const parts = source.split(/(\{[A-Za-z_$][\w$]*\})/);
  const regex = parts
    .map((part) => {
      if (PARAM.test(part)) {
        const name = part.slice(1, -1);
        if (names.includes(name)) throw new SocketStreamError('SS_ERR_INVALID_PATTERN', `@Channel("${source}") on ${owner}: the parameter {${name}} appears twice`);
        names.push(name);
        return '([^:]+)';
      }
      if (/[{}]/.test(part)) throw new SocketStreamError('SS_ERR_INVALID_PATTERN', `@Channel("${source}") on ${owner}: a parameter is written {name}, with a name made of letters, digits, _ or $`);
      return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
    })
    .join('');
  const compiled = new RegExp(`^${regex}$`);
  return {
    source,
    shape: parts.map((part) => (PARAM.test(part) ? '{}' : part)).join(''),
    match(name) {
      const m = compiled.exec(name);
      if (!m) return undefined;
      const params: Record<string, string> = {};
      names.forEach((n, i) => (params[n] = m[i + 1]));
      return params;
    },
  };
}

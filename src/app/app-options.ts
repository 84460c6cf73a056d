import type { GuardClass } from '../../decorators/use-guards.decorator';
import type { Formatter } from '../build/formatter';
import type { TemplateEngine } from '../build/template-engine';
import type { ClientDefinition } from '../http/client-definitions';
import type { Constructor, Provider } from '../container/provider';
import type { Logger, LogLevel } from '../logging/logger';
import type { HistoryOptions, PubSubTransport } from '../pubsub/pubsub-transport';
import type { RedisSource } from '../redis/redis-options';
import type { ValidationOptions } from '../invocation/validation-options';
import type { SessionOptions } from '../session/session-options';
import type { WsOptions } from '../transport/ws-options';

/** `createApp(options)`. Every member is optional; the defaults run an app in development. */
export interface AppOptions {
  /**
   * The app's folder: what `services`, `channels` and `responders` do not list is discovered
   * under `<root>/server/rpc`, `<root>/server/channels` and `<root>/server/responders`.
   * Default: `process.cwd()`.
   */
  root?: string;
  /**
   * The RPC services. One rule for services, channels and responders: each kind is taken
   * from its list when the list is given (`[]` for none), otherwise discovered under `root`.
   * Default: every exported `@RpcService` class under `<root>/server/rpc/**`.
   */
  services?: Constructor[];
  /**
   * The `@Channel` classes; given or discovered on their own, as `services`. Default: every
   * exported `@Channel` class under `<root>/server/channels/**`.
   */
  channels?: Constructor[];
  /**
   * The custom message types: classes extending `Responder`; given or discovered on their own,
   * as `services`. Default: every exported `Responder` subclass under `<root>/server/responders/**`.
   */
  responders?: Constructor[];
  /**
   * The app's single-page clients by name, each a view, code, stylesheets, templates and workers
   * under `<root>/client/`. Default: a client `main` (`client/views/main.html` and
   * `client/code/main/entry.ts`) when both files exist, else none.
   */
  clients?: Record<string, ClientDefinition>;
  /**
   * Paths to client names: each client's page is served at its paths and their sub-paths
   * (pushState URLs). Default `{ '/': 'main' }` when a client is named `main`, none otherwise.
   */
  routes?: Record<string, string>;
  /** Preprocessors of your own, tried after the built-in ones (so one for a taken extension replaces the built-in). Default none. */
  formatters?: Formatter[];
  /**
   * Watch `client/` and `shared/` and update open pages: a stylesheet change swaps stylesheets in
   * place, any other change reloads them, a compile error shows an overlay. Default: on in
   * development (not `production`) when the app has clients.
   */
  liveReload?: boolean;
  /** Template engines of your own, after the built-in ones (`.html`; `.hbs` and `.pug` when installed). Default none. */
  templateEngines?: TemplateEngine[];
  /** What `ss build` makes of the clients: size budgets, a CDN, inlining (command-line flags win). */
  build?: BuildOptions;
  /** PubSub: the transport between nodes (default: in memory, one process) and the channel history window. */
  pubsub?: PubSubOptions;
  /** Guards run before every RPC call and channel join or push of the app, before class and method guards. Default none. */
  guards?: GuardClass[];
  /** Extra registrations for the container: classes, or `{ provide, useValue | useClass | useFactory }`. */
  providers?: Provider[];
  /**
   * Redis for scale-out: a `redis://` URL, ioredis options or an ioredis client. When set, the
   * session store and the PubSub transport default to Redis (sessions shared by every node,
   * publishes routed between nodes, channel history in Redis); `session.store` and
   * `pubsub.transport` still choose each on its own. Default: none (everything in memory).
   */
  redis?: RedisSource;
  /** Cookie sessions shared by HTTP and WebSocket. */
  session?: SessionOptions;
  /** The WebSocket endpoint. */
  ws?: WsOptions;
  /**
   * Limits on class-typed (DTO) arguments of RPC methods and `@Subscribe` handlers, checked
   * before they are transformed, and on the failures listed in a `VALIDATION_FAILED` reply.
   * Defaults: `maxDepth` 32, `maxKeys` 1000, `maxArrayLength` 1000, `maxNodes` 1000, `maxFailures` 20.
   */
  validation?: ValidationOptions;
  /** Where logs go. Default: the console, from level `logLevel`. */
  logger?: Logger;
  /** Level of the default console logger. Default `info` (`warn` under NODE_ENV=test). */
  logLevel?: LogLevel;
  /**
   * Production behaviour: hides internal error messages from clients, requires a session
   * secret, restricts WebSocket origins. Default: `NODE_ENV === 'production'`.
   */
  production?: boolean;
  /**
   * The app runs behind a reverse proxy that sets `X-Forwarded-For` and `X-Forwarded-Proto`:
   * the client's address (for `ws.maxConnectionsPerAddress`) and scheme (for the `Secure`
   * cookie flag and the origin check) are read from them. Default false.
   */
  trustProxy?: boolean;
  /** Environment read for `NODE_ENV` and `SS_SECRET`. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Every `AppOptions` key, checked both ways by the type: adding an option to `AppOptions` without
 * listing it here (or listing one that is not there) does not compile. `createApp` refuses any
 * other key (a JavaScript user's typo would otherwise be silently ignored).
 */
const OPTION_KEYS: { readonly [K in keyof Required<AppOptions>]: true } = {
  root: true,
  services: true,
  channels: true,
  responders: true,
  clients: true,
  routes: true,
  formatters: true,
  templateEngines: true,
  liveReload: true,
  pubsub: true,
  guards: true,
  providers: true,
  redis: true,
  session: true,
  ws: true,
  validation: true,
  logger: true,
  logLevel: true,
  production: true,
  trustProxy: true,
  env: true,
  build: true,
};

/** The names of the options `createApp` takes. */
export const APP_OPTION_NAMES: readonly (keyof AppOptions)[] = Object.keys(OPTION_KEYS) as (keyof AppOptions)[];

/** `createApp({ build })`: the production build of the app's clients (`ss build`). */
export interface BuildOptions {
  /**
   * Largest gzip size in bytes per asset, by file name or glob of the built asset's name
   * (`'*.js'`, `'main.css'`, `'chunks/*'`): a larger asset fails `ss build`, naming it, its size
   * and the budget. Default none.
   */
  budgets?: Record<string, number>;
  /** The base URL every asset URL is written against (`https://cdn.example.com/app`), as `ss build --cdn`. Default: the app's own origin. */
  cdn?: string;
  /** Inline the stylesheet and the entry script into the pages (`true`, or the names of the clients), as `ss build --inline`. Default false. */
  inline?: boolean | string[];
}

/** `createApp({ pubsub })`. */
export interface PubSubOptions {
  /** Carries publishes between nodes. Default: a `RedisTransport` when `redis` is set, else a `MemoryTransport` (one process). */
  transport?: PubSubTransport;
  /** Channel history kept for clients that reconnect (built-in transports): size 1000, maxAge 5 minutes. */
  history?: HistoryOptions;
}

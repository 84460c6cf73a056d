import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type Koa from 'koa';
import type { ClientPages } from '../http/client-pages';
import type { DependencyContainer, InjectionToken } from 'tsyringe';
import { buildContainer, providerToken } from '../container/app-container';
import { type Constructor, describeToken, type Provider } from '../container/provider';
import { SocketStreamError } from '../errors/socketstream-error';
import { createHttpApp } from '../http/http-app';
import { ClientWatcher } from '../dev/client-watcher';
import { LiveReloadResponder } from '../dev/live-reload.responder';
import { type AnyConnectMiddleware, type ConnectErrorMiddleware, type ConnectMiddleware, type ConnectRequest, type ConnectResponse, fromConnect } from '../http/connect-middleware';
import { createConsoleLogger, type Logger, scopedLogger } from '../logging/logger';
import { ErrorMapper } from '../invocation/error-mapper';
import type { ClientPlan } from './client-plan';
import { clientPlanOf, mountBuild, mountClients } from './clients';
import { developmentStores } from './development-stores';
import { wireContract } from './wire-contract';
import { allGuardClasses, buildRpcTable, type RpcHandler, type RpcServiceDefinition } from '../rpc/rpc-method-table';
import { RpcResponder } from '../rpc/rpc-responder';
import { resolveValidationOptions } from '../invocation/validation-options';
import type { Guard } from '../invocation/guard';
import { attachService } from '../service/service';
import { ChannelResponder } from '../pubsub/channel-responder';
import { EventsResponder } from '../pubsub/events-responder';
import { buildChannelTable, channelGuardClasses, channelMetadata } from '../pubsub/channel-table';
import { LocalFanout } from '../pubsub/local-fanout';
import { MemoryTransport } from '../pubsub/memory-transport';
import { RedisTransport } from '../pubsub/redis-transport';
import { RedisSessionStore } from '../session/redis-session-store';
import { PubSub } from '../pubsub/pubsub';
import type { PubSubTransport } from '../pubsub/pubsub-transport';
import type { GuardClass } from '../../decorators/use-guards.decorator';
import type { AppSessions } from '../session/app-sessions';
import { SessionManager } from '../session/session-manager';
import { SessionLink } from '../session/session-link';
import type { Session } from '../session/session';
import { resolveWsOptions } from '../transport/ws-options';
import { checkPayload } from '../invocation/argument-check';
import { MessageResponder, type NamedResponder } from '../responders/message-responder';
import { ResponderRegistry } from '../responders/responder-registry';
import { WsTransport } from '../transport/ws-transport';
import type { AppOptions } from './app-options';
import { discoverChannels, discoverResponders, discoverServices, isResponderClass } from './discovery';
import { assertKnownAppOptions } from './unknown-option';
import { nameFromClass, rpcServiceMetadata } from './service-name';

/**
 * A SocketStream application: a Koa app (`http`), a WebSocket endpoint on the same port, the
 * app's own container and sessions. Made by `createApp`; started by `listen`.
 */
export class App {
  /** The Koa application: add middleware and routes here. */
  readonly http: Koa;
  /** The app's logger. */
  readonly log: Logger;
  /** The app's sessions: create, load, and make cookies for them. */
  readonly sessions: AppSessions;
  /** The services the app serves, with their wire names. */
  readonly services: readonly RpcServiceDefinition[];
  /** Whether the app runs with production behaviour. */
  readonly production: boolean;
  /** The app's PubSub (also injectable, and `this.publish` in a `Service`). */
  readonly publish: PubSub;

  private readonly sessionManager: SessionManager;
  private readonly pubsubTransport: PubSubTransport;
  private readonly fanout: LocalFanout;
  private readonly di: DependencyContainer;
  private readonly table: Map<string, RpcHandler>;
  private readonly transport: WsTransport<Session>;
  /** The clients' pages and assets; undefined for an app without clients. */
  private readonly pages: ClientPages | undefined;
  /** Development with clients: the watcher behind live reload. */
  private readonly watcher: ClientWatcher | undefined;
  private httpServer: Server | undefined;
  private closed: Promise<void> | undefined;
  private started: Promise<void> | undefined;
  /** The stores are `ss dev`'s, kept for the next app after a restart: closing leaves them open. */
  private readonly sharedStores: boolean;

  /** @internal use `createApp` */
  constructor(options: AppOptions, overrides: readonly Provider[] = []) {
    assertKnownAppOptions(options);
    const env = options.env ?? process.env;
    this.production = options.production ?? env.NODE_ENV === 'production';
    this.log = options.logger ?? createConsoleLogger(options.logLevel ?? (env.NODE_ENV === 'test' ? 'warn' : 'info'));
    const validation = resolveValidationOptions(options.validation);
    const redis = options.redis || undefined;
    // Redis clients connect (and retry) as soon as they exist: when a later step throws, the ones
    // made here are closed, or they would keep the process alive with no app to close them.
    const made: Array<{ close(): Promise<void> }> = [];
    // `ss dev` keeps the memory stores across restarts; the app then neither makes nor closes them.
    const dev = this.production || redis || options.env !== undefined ? undefined : developmentStores();
    this.sharedStores = dev !== undefined;
    this.sharesState = redis !== undefined || (options.session?.store !== undefined && options.pubsub?.transport !== undefined);
    const sessionStore = options.session?.store ?? (redis ? new RedisSessionStore(redis, { logger: this.log }) : dev?.sessionStore);
    if (sessionStore && !options.session?.store) made.push(sessionStore);
    try {
      const sessions = new SessionManager({ ...options.session, store: sessionStore, trustProxy: options.session?.trustProxy ?? options.trustProxy }, env, this.production, this.log);
      this.sessions = sessions;
      this.sessionManager = sessions;
      this.services = resolveServices(options);
      // One rule for every kind: the list when given, else discovery under root.
      const channelClasses = options.channels ?? discoverChannels(options.root ?? process.cwd());
      const responderClasses = resolveResponderClasses(options);
      const globalGuards = options.guards ?? [];
      for (const g of globalGuards) assertGuardClass(g, 'createApp({ guards })');
      const guardClasses = [
        ...new Set([...globalGuards, ...this.services.flatMap((s) => allGuardClasses(s.cls)), ...channelClasses.flatMap((c) => channelGuardClasses(c))]),
      ];

      this.pubsubTransport =
        options.pubsub?.transport ??
        (redis ? new RedisTransport(redis, { history: options.pubsub?.history, logger: this.log }) : (dev?.pubsub ?? new MemoryTransport(options.pubsub?.history)));
      if (!options.pubsub?.transport && !dev) made.push(this.pubsubTransport);
      this.fanout = new LocalFanout(this.pubsubTransport, randomBytes(6).toString('base64url'), this.log);
      // A transport given in options must be free again for the next app when this one fails.
      made.push({ close: async () => this.fanout.detach() });
      this.publish = new PubSub(this.pubsubTransport);
      // A login or logout on one node detaches the other holders of the old id on every node.
      sessions.onRotated = (oldId, newId) =>
        void this.fanout.announceRotation(oldId, newId).catch((err: unknown) => this.log.warn('could not tell other nodes about a session change', err));
      this.fanout.onRemoteRotation = (oldId) => sessions.detachRemote(oldId);

      const appProviders: Provider[] = [{ provide: PubSub, useValue: this.publish }, ...(options.providers ?? [])];
      const { container, tokens } = buildContainer(
        [...this.services.map((s) => s.cls), ...channelClasses, ...responderClasses, ...(guardClasses as unknown as Constructor[])],
        [...appProviders, ...overrides],
      );
      for (const o of overrides) {
        const token = providerToken(o);
        if (!tokens.has(token) && !appProviders.some((p) => providerToken(p) === token)) {
          throw new SocketStreamError('SS_ERR_UNKNOWN_OVERRIDE', `override(${describeToken(token)}): nothing in the app registers or depends on ${describeToken(token)}; check the token (a typo, or a class imported from the wrong module?)`);
        }
      }
      this.di = container;
      const instanceOf = (cls: Constructor, name: string): object => {
        const instance = container.resolve(cls) as object;
        attachService(instance, scopedLogger(this.log, name), this.publish);
        return instance;
      };
      const guardOf = (cls: GuardClass): Guard => {
        const guard = container.resolve(cls as unknown as InjectionToken<Guard>);
        if (typeof guard?.canActivate !== 'function') throw new SocketStreamError('SS_ERR_NOT_A_GUARD', `${cls.name} is used as a guard but has no canActivate(ctx) method`);
        return guard;
      };
      this.table = buildRpcTable(this.services, (cls) => instanceOf(cls, this.services.find((s) => s.cls === cls)?.name ?? cls.name), guardOf, globalGuards, validation);
      const channelTable = buildChannelTable(channelClasses, (cls) => instanceOf(cls, channelMetadata(cls)?.pattern ?? cls.name), guardOf, globalGuards, validation);

      this.http = createHttpApp(sessions, (options.trustProxy ?? options.session?.trustProxy) === true);
      const liveReload = options.liveReload ?? !this.production;
      // `ss start`: serve the build made by `ss build`, not the sources (which are not beside the compiled app).
      const buildDir = this.production ? env.SS_BUILD : undefined;
      const built = buildDir ? mountBuild(this.http, buildDir) : undefined;
      this.clientPlan = clientPlanOf(options, built !== undefined);
      this.pages = built ? undefined : mountClients(this.http, this.clientPlan, this.production, liveReload, this.log);
      const reloader = this.pages && liveReload ? new LiveReloadResponder() : undefined;
      if (this.pages && reloader) this.watcher = new ClientWatcher(resolve(options.root ?? process.cwd()), this.pages, reloader, scopedLogger(this.log, 'live reload'));
      this.http.on('error', (err: unknown) => this.log.error('HTTP request failed', err));
      const wsOptions = resolveWsOptions(options.ws);
      const errors = new ErrorMapper(this.production, this.log);
      const rpc = new RpcResponder(this.table, errors, this.log, wsOptions.maxInFlight);
      const channels = new ChannelResponder(channelTable, this.fanout, this.pubsubTransport, this.publish, errors, this.log, {
        maxChannels: wsOptions.maxChannels,
        maxInFlight: wsOptions.maxInFlight,
      });
      const userResponders = new Map<string, NamedResponder<Session>>();
      if (reloader) {
        attachService(reloader, scopedLogger(this.log, `responder ${reloader.name}`), this.publish);
        userResponders.set(reloader.name, reloader);
      }
      for (const cls of responderClasses) {
        const responder = container.resolve(cls) as NamedResponder<Session>;
        const name = responderName(cls, responder);
        const other = userResponders.get(name);
        if (other) throw new SocketStreamError('SS_ERR_DUPLICATE_RESPONDER', `two responders are named "${name}": ${other.constructor.name} and ${cls.name}`);
        attachService(responder, scopedLogger(this.log, `responder ${name}`), this.publish);
        userResponders.set(name, responder);
      }
      this.responderNames = [...userResponders.keys()];
      this.contract = wireContract({ methods: this.table, channels: channelTable, responders: this.responderNames.filter((name) => name !== reloader?.name) });
      if (built?.contract !== undefined && built.contract !== this.contract) {
        this.log.warn(`the build's wire contract (${built.contract}) is not this server's (${this.contract}): its pages will reload on connect; build the app again (ss build)`);
      }
      const messages = new MessageResponder(
        userResponders,
        (payload, what) => checkPayload(payload, validation, what),
        (name) => scopedLogger(this.log, `responder ${name}`),
      );
      // Told of a new connection in this order and of a closed one in the reverse.
      const registry = new ResponderRegistry([new EventsResponder(this.fanout), channels, rpc, messages], this.log);
      const sessionLink = new SessionLink(
        sessions,
        {
          userChanged: (conn) => this.fanout.setUser(conn, conn.session.userId),
          channelsChanged: (conn, channel, joined) => channels.follow(conn, channel, joined),
        },
        this.log,
      );
      this.transport = new WsTransport<Session>({
        options: wsOptions,
        hook: sessionLink,
        handler: registry,
        idPrefix: this.fanout.nodeId,
        log: this.log,
        production: this.production,
        trustProxy: (options.trustProxy ?? options.session?.trustProxy) === true,
        contract: this.contract,
      });
    } catch (err) {
      for (const m of made) m.close().catch(() => undefined);
      throw err;
    }
  }

  /** The names of the app's custom message types (its `Responder`s). */
  readonly responderNames: readonly string[];

  /**
   * The app's wire contract: a short hash of its RPC methods, channels and message types with
   * their argument types (DTO classes with their validated properties). Sent in every hello frame;
   * `ss build` writes it into the pages, and a page built for another contract (an old tab after a
   * deploy) reloads instead of calling methods that changed.
   */
  readonly contract: string;

  /** @internal What `ss build` builds: the clients and what compiles them. */
  readonly clientPlan: ClientPlan;

  /**
   * @internal True when sessions and PubSub are shared between processes (Redis, or stores the
   * app was given): what `ss start --workers N` needs for N > 1.
   */
  readonly sharesState: boolean;

  /** The app's dependency container (a tsyringe child container of its own). */
  get container(): DependencyContainer {
    return this.di;
  }

  /**
   * Adds Connect/Express middleware (req, res, next) to `app.http`, in order with Koa middleware
   * added with `app.http.use`. `req.session` is the request's session. Returns the app.
   */
  useConnect<Req extends IncomingMessage = ConnectRequest, Res extends ServerResponse = ConnectResponse>(middleware: ConnectMiddleware<Req, Res>): this;
  /**
   * Adds Connect/Express error middleware (err, req, res, next) to `app.http`: it handles what
   * the middleware added after it throws. Returns the app.
   */
  useConnect<Req extends IncomingMessage = ConnectRequest, Res extends ServerResponse = ConnectResponse, E = unknown>(middleware: ConnectErrorMiddleware<Req, Res, E>): this;
  useConnect(middleware: AnyConnectMiddleware): this {
    this.http.use(fromConnect(middleware as ConnectMiddleware));
    return this;
  }

  /** The names of every callable RPC method (`service.method`). */
  get methods(): string[] {
    return [...this.table.keys()];
  }

  /** The HTTP server once `listen` was called. */
  get server(): Server | undefined {
    return this.httpServer;
  }

  /** Number of open WebSocket connections. */
  get connections(): number {
    return this.transport.size;
  }

  /**
   * Starts the HTTP server with the WebSocket endpoint on the same port. Returns the server at
   * once, like Koa's `listen`.
   *
   * @param port default 0 (a free port)
   * @param host default: all interfaces
   */
  listen(port?: number, host?: string, callback?: () => void): Server {
    if (this.httpServer) throw new SocketStreamError('SS_ERR_ALREADY_STARTED', 'app.listen(): this app is already listening');
    // ws.handshakeTimeout is also how long Node waits for the headers of any request (an upgrade's first half).
    const server = createServer(this.transport.httpServerOptions, this.http.callback());
    this.started = Promise.all([this.fanout.start(), this.watcher?.start()]).then(() => undefined);
    this.started.catch((err: unknown) => this.log.error('the PubSub transport did not start', err));
    this.transport.attach(server, this.started);
    this.httpServer = server;
    return host === undefined ? server.listen(port, callback) : server.listen(port, host, callback);
  }

  /** Starts listening and resolves with the base URL once the port is bound. Port 0 picks a free one. */
  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = this.listen(port, host);
    await new Promise<void>((resolve, reject) => {
      if (server.listening) return resolve();
      server.once('listening', resolve);
      server.once('error', reject);
    });
    await this.started;
    const address = server.address() as AddressInfo;
    const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${shown}:${address.port}`;
  }

  /** Closes the sockets (telling clients to reconnect), the HTTP server and the session store; resolves when all are closed. Idempotent. */
  close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  private async shutdown(): Promise<void> {
    await this.transport.close('restart');
    const server = this.httpServer;
    if (server?.listening) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    await this.watcher?.close();
    await this.sessionManager.close(!this.sharedStores);
    try {
      if (!this.sharedStores) await this.pubsubTransport.close();
    } finally {
      // After close: a transport reads its node id while closing (Redis deletes its heartbeat key).
      this.fanout.detach();
    }
    await this.di.dispose();
  }
}

function assertGuardClass(value: unknown, where: string): void {
  if (typeof value !== 'function' || typeof (value as { prototype?: { canActivate?: unknown } }).prototype?.canActivate !== 'function') {
    throw new SocketStreamError('SS_ERR_NOT_A_GUARD', `${where}: ${typeof value === 'function' ? value.name : String(value)} is not a guard class (it needs a canActivate(ctx) method; extend Guard)`);
  }
}

function resolveServices(options: AppOptions): RpcServiceDefinition[] {
  let services: RpcServiceDefinition[];
  if (options.services) {
    services = options.services.map((cls, i) => {
      const meta = rpcServiceMetadata(cls);
      if (!meta) {
        const what = typeof cls === 'function' ? cls.name : String(cls);
        throw new SocketStreamError('SS_ERR_NOT_A_SERVICE', `createApp({ services }): entry #${i} (${what}) is not decorated with @RpcService`);
      }
      return { name: meta.name ?? nameFromClass(cls), cls };
    });
  } else {
    services = discoverServices(options.root ?? process.cwd());
  }
  const seen = new Map<string, Constructor>();
  for (const s of services) {
    const other = seen.get(s.name);
    if (other && other !== s.cls) {
      throw new SocketStreamError('SS_ERR_DUPLICATE_SERVICE', `two services are named "${s.name}": ${other.name} and ${s.cls.name}; name one with @RpcService(name)`);
    }
    seen.set(s.name, s.cls);
  }
  return services.filter((s, i) => services.findIndex((o) => o.cls === s.cls && o.name === s.name) === i);
}

/**
 * Serves the app's clients (`createApp({ clients, routes })`, or the default `main`): their
 * static files, pages and assets, each after the app's own middleware (whatever the app answers
 * wins), so they can be mounted before the app adds its routes.
 */
/** `createApp({ responders })` when given (each must extend `Responder`), else those under `<root>/server/responders`. */
function resolveResponderClasses(options: AppOptions): Constructor[] {
  // A class listed twice, or exported from two modules (an index re-exporting it), is served once.
  if (!options.responders) return [...new Set(discoverResponders(options.root ?? process.cwd()))];
  options.responders.forEach((cls, i) => {
    const value: unknown = cls;
    if (!isResponderClass(value)) {
      const what = typeof value === 'function' ? value.name : String(value);
      throw new SocketStreamError('SS_ERR_NOT_A_RESPONDER', `createApp({ responders }): entry #${i} (${what}) does not extend Responder`);
    }
  });
  return [...new Set(options.responders)];
}

/** Letters, digits, `_`, `-`, `.` and `:`; 1 to 64 of them (the wire's limit on a `msg` frame's name). */
const RESPONDER_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

function responderName(cls: Constructor, responder: NamedResponder<Session>): string {
  const name: unknown = responder.name;
  if (typeof name !== 'string' || !RESPONDER_NAME.test(name)) {
    throw new SocketStreamError('SS_ERR_INVALID_NAME', `${cls.name}.name must be 1 to 64 letters, digits, '_', '-', '.' or ':' (its message type on the wire); got ${JSON.stringify(name)}`);
  }
  return name;
}

/**
 * Creates an app. Nothing listens until `app.listen(port)`.
 *
 * @example
 * export default createApp({ root: __dirname });
 */
export function createApp(options: AppOptions = {}): App {
  return new App(options);
}

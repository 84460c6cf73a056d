declare const contextMarker: unique symbol;

/**
 * Carried, at the type level only, by `RpcContext` and `ChannelContext`, so that the typed client
 * proxy can drop `@Ctx()` parameters from a method's signature.
 */
export interface ContextMarker {
  readonly [contextMarker]: true;
}

/** Stable codes of the errors the client throws at developers (never sent over the wire). */
export type ClientErrorCode =
  /** The default client was used where there is no page to take an origin from (Node). */
  | 'SS_ERR_NO_PAGE_ORIGIN'
  /** `connect(url)` got a URL that is not http(s) or ws(s). */
  | 'SS_ERR_INVALID_URL'
  /** An option of `connect()` is out of range or of the wrong type. */
  | 'SS_ERR_INVALID_OPTION'
  /** `channel(name)` got a name that is not a non-empty string. */
  | 'SS_ERR_INVALID_CHANNEL'
  /** `responder(name)` got a name that is not 1 to 64 characters. */
  | 'SS_ERR_INVALID_RESPONDER'
  /** `Component#html` or `render` on a class without `@View({ template })`. */
  | 'SS_ERR_NO_VIEW'
  /** `ss.worker(name)` named no worker of the page. */
  | 'SS_ERR_UNKNOWN_WORKER'
  /** `template(path)` (`ss.template`, a `@View`) named an address no template of the page has. */
  | 'SS_ERR_UNKNOWN_TEMPLATE';

/**
 * A mistake in how the client is used. Server-side failures of a call are `RpcError`s instead,
 * so `instanceof` tells "fix your code" from "the call failed".
 */
export class ClientError extends Error {
  override readonly name = 'ClientError';

  /**
   * @param code stable, for programs to switch on
   * @param message names the function or option at fault
   */
  constructor(
    readonly code: ClientErrorCode,
    message: string,
  ) {
    super(message);
  }
}

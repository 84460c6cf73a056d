/** The name of the development server's live reload responder: what pages' `ss.responder(…)` listens to. */
export const LIVE_RELOAD = 'ss:live-reload';

/**
 * What the live reload responder sends a page: swap the stylesheets under `base`, reload, show
 * a compile error's overlay, or take it away.
 */
export type LiveReloadMessage = { type: 'css'; base: string } | { type: 'reload' } | { type: 'error'; message: string } | { type: 'ok' };

import { LIVE_RELOAD, type LiveReloadMessage } from '../protocol/live-reload';
import ss from './browser';

const OVERLAY_ID = 'ss-build-error';

function overlay(message: string | undefined): void {
  document.getElementById(OVERLAY_ID)?.remove();
  if (message === undefined) return;
  const box = document.createElement('pre');
  box.id = OVERLAY_ID;
  box.setAttribute('role', 'alert');
  box.style.cssText =
    'position:fixed;inset:0;margin:0;padding:2rem;z-index:2147483647;overflow:auto;background:rgba(24,0,0,.92);color:#fdd;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap';
  box.textContent = `Build error\n\n${message}\n\nThe page updates by itself once the file is fixed.`;
  document.body.append(box);
}

/** New stylesheets in place of the page's own (under `base`), the old ones removed once the new ones loaded: no flash, no reload. */
function swapStylesheets(base: string): void {
  for (const link of document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')) {
    const href = new URL(link.href);
    if (!href.pathname.startsWith(base)) continue;
    href.searchParams.set('v', String(Date.now()));
    const fresh = link.cloneNode() as HTMLLinkElement;
    fresh.href = href.toString();
    fresh.addEventListener('load', () => link.remove(), { once: true });
    link.after(fresh);
  }
}

/**
 * Development only, added to each page's bundle by the development server: follows the server's
 * live reload responder over the page's own socket. A stylesheet change swaps the stylesheets
 * in place; any other change reloads the page (once per change: the server sends one message
 * per batch of saves); a compile error shows an overlay, removed when the file is fixed. A page
 * that fails to boot never connects, so it cannot fall into a reload loop.
 */
export function liveReload(): void {
  ss.responder(LIVE_RELOAD).on((message) => {
    const m = message as LiveReloadMessage;
    if (m.type === 'css') {
      overlay(undefined);
      swapStylesheets(m.base);
    } else if (m.type === 'reload') location.reload();
    else if (m.type === 'error') overlay(m.message);
    else if (m.type === 'ok') overlay(undefined);
  });
}

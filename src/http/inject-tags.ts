/** The tags a page's view gets: its stylesheets and its scripts (ES modules), as URLs. */
export interface PageAssets {
  readonly css: readonly string[];
  readonly js: readonly string[];
}

/** Where a view may ask for the tags: `<!-- socketstream -->` (any case, spaces allowed). */
const MARKER = /<!--\s*socketstream\s*-->/i;

/** `"` and `&` escaped: asset URLs are ours, but a CDN base given in options is not. */
function attribute(url: string): string {
  return url.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/**
 * Puts a client's `<link rel="stylesheet">` and `<script type="module">` tags into its view.
 * Where: at `<!-- socketstream -->` when the view has that comment (every tag there, in that
 * order); otherwise the stylesheets before `</head>` and the scripts before `</body>`, and at the
 * end of the document for a view without those tags. Module scripts are deferred by the browser,
 * so placing them in the head is as good as at the end of the body.
 */
export function injectTags(view: string, assets: PageAssets): string {
  const css = assets.css.map((href) => `<link rel="stylesheet" href="${attribute(href)}">`).join('');
  const js = assets.js.map((src) => `<script type="module" src="${attribute(src)}"></script>`).join('');
  if (MARKER.test(view)) return view.replace(MARKER, () => css + js);
  let html = view;
  const head = html.search(/<\/head\s*>/i);
  if (head >= 0) html = html.slice(0, head) + css + html.slice(head);
  const body = html.search(/<\/body\s*>/i);
  if (body >= 0) return html.slice(0, body) + js + html.slice(body);
  return head >= 0 ? html + js : html + css + js;
}

/** A stylesheet or script of a page: loaded from a URL, or inlined into the page. */
export type PageTag = { readonly url: string } | { readonly inline: string };

/** What a page's view gets: its stylesheets and its module scripts, in order. */
export interface PageTags {
  readonly css: readonly PageTag[];
  readonly js: readonly PageTag[];
}

/** Where a view may ask for the tags: `<!-- socketstream -->` (any case, spaces allowed), as in development. */
const MARKER = /<!--\s*socketstream\s*-->/i;

/** `"` and `&` escaped: asset URLs are ours, but a CDN base given in options is not. */
function attribute(url: string): string {
  return url.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/**
 * Text inlined into `<style>` or `<script>`: the HTML parser ends those elements at the first
 * `</style` or `</script` whatever the CSS or JS means, so `</` becomes `<\/`, which both
 * languages read as the same characters inside strings, regular expressions and comments (the
 * only places it can occur). In a script, `<!--` also changes how the parser looks for the end,
 * so it becomes `<\x21--` (the same string for JS).
 */
function inlineText(text: string, element: 'style' | 'script'): string {
  const closed = text.replace(new RegExp(`</(${element})`, 'gi'), '<\\/$1');
  return element === 'script' ? closed.replace(/<!--/g, '<\\x21--') : closed;
}

function cssTag(tag: PageTag): string {
  return 'url' in tag ? `<link rel="stylesheet" href="${attribute(tag.url)}">` : `<style>${inlineText(tag.inline, 'style')}</style>`;
}

function jsTag(tag: PageTag): string {
  return 'url' in tag ? `<script type="module" src="${attribute(tag.url)}"></script>` : `<script type="module">${inlineText(tag.inline, 'script')}</script>`;
}

/**
 * A client's page: the view with its stylesheet and script tags (development's and `ss build`'s
 * alike): at `<!-- socketstream -->` when the view has it; otherwise the
 * stylesheets before `</head>` and the scripts before `</body>`, or at the end of the document
 * for a view without those tags. A tag is a `<link>`/`<script src>` or, inlined, a
 * `<style>`/`<script type="module">` holding the text.
 */
export function pageHtml(view: string, tags: PageTags): string {
  const css = tags.css.map(cssTag).join('');
  const js = tags.js.map(jsTag).join('');
  if (MARKER.test(view)) return view.replace(MARKER, () => css + js);
  let html = view;
  const head = html.search(/<\/head\s*>/i);
  if (head >= 0) html = html.slice(0, head) + css + html.slice(head);
  const body = html.search(/<\/body\s*>/i);
  if (body >= 0) return html.slice(0, body) + js + html.slice(body);
  return head >= 0 ? html + js : html + css + js;
}

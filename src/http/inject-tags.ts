import { pageHtml } from '../build/page-tags';

/** The tags a page's view gets: its stylesheets and its scripts (ES modules), as URLs. */
export interface PageAssets {
  readonly css: readonly string[];
  readonly js: readonly string[];
}

/**
 * Puts a client's `<link rel="stylesheet">` and `<script type="module">` tags into its view, as
 * the production build does (`pageHtml`): at `<!-- socketstream -->` when the view has that
 * comment (every tag there, in that order); otherwise the stylesheets before `</head>` and the
 * scripts before `</body>`, and at the end of the document for a view without those tags.
 */
export function injectTags(view: string, assets: PageAssets): string {
  return pageHtml(view, { css: assets.css.map((url) => ({ url })), js: assets.js.map((url) => ({ url })) });
}

/**
 * The runtime of the default template language: the few helpers compiled templates call. It is
 * ES module source that the build adds to a bundle with templates (once, whatever their number).
 * Plain functions only: nothing here or in compiled templates needs `eval` or `new Function`, so
 * pages may forbid `unsafe-eval`.
 *
 * - `s(v)`: raw output. `null`, `undefined` and functions are empty; anything else is `'' + v`
 *   as in Handlebars (`0`, `false`, `NaN`, arrays `1,2`).
 * - `e(v)`: `s(v)` with `& < > " ' \` =` escaped as Handlebars escapes them.
 * - `l(o, k)`: the own property `k` of `o`; inherited properties and functions read as missing
 *   (Handlebars also refuses prototype properties by default; it calls functions, this does not).
 * - `t(v)`: the truth of `{{#if}}`: false for falsy values (`0` included), empty arrays and functions.
 * - `each(v, d, f, g)`: `{{#each}}` over an array, any other iterable, or an object's own
 *   enumerable keys; `f(item, frame)` per item with `@key`, `@index`, `@first`, `@last` in
 *   `frame`, or `g()` when there was nothing to iterate.
 * - `p(name, c, d, indent)`: the partial `name` rendered with context `c` and data frame `d`,
 *   its lines indented by `indent`.
 * - `link(templates)`: called once by the templates module with every template of the bundle,
 *   for `p` to find partials (whatever their engine).
 */
export const HTML_RUNTIME = `const m = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '\`': '&#x60;', '=': '&#x3D;' };
const h = Object.prototype.hasOwnProperty;
let T = {};
export const s = (v) => (v == null || typeof v == 'function' ? '' : '' + v);
export const e = (v) => s(v).replace(/[&<>"'\`=]/g, (c) => m[c]);
export const l = (o, k) => (o != null && h.call(o, k) && typeof o[k] != 'function' ? o[k] : undefined);
export const t = (v) => !!v && typeof v != 'function' && !(Array.isArray(v) && !v.length);
export const each = (v, d, f, g) => {
  let r = '', i = 0;
  if (v && typeof v == 'object') {
    if (!Array.isArray(v) && typeof v[Symbol.iterator] == 'function') v = [...v];
    const a = Array.isArray(v), k = a ? 0 : Object.keys(v), n = a ? v.length : k.length;
    for (; i < n; i++) {
      const key = a ? i : k[i];
      if (!a || i in v) r += f(v[key], { root: d.root, key, index: i, first: !i, last: i == n - 1 });
    }
  }
  return i ? r : g ? g() : '';
};
export const p = (n, c, d, x) => {
  const r = T[n](c, { data: d });
  return x ? r.split('\\n').map((y, j, a) => (y || j < a.length - 1 ? x + y : y)).join('\\n') : r;
};
export const link = (templates) => {
  T = templates;
};
`;

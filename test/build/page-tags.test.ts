import { pageHtml } from '../../src/build/page-tags';

describe('the production page tags', () => {
  it('go where development puts them: at <!-- socketstream -->, else before </head> and </body>, else at the end', () => {
    const tags = { css: [{ url: '/a.css' }], js: [{ url: '/a.js' }] };
    const link = '<link rel="stylesheet" href="/a.css">';
    const script = '<script type="module" src="/a.js"></script>';
    expect(pageHtml('<head></head><body><!-- SocketStream --><p></p></body>', tags)).toBe(`<head></head><body>${link}${script}<p></p></body>`);
    expect(pageHtml('<head></head><body></body>', tags)).toBe(`<head>${link}</head><body>${script}</body>`);
    expect(pageHtml('<p>bare</p>', tags)).toBe(`<p>bare</p>${link}${script}`);
  });

  it('escape a CDN URL in attributes', () => {
    expect(pageHtml('', { css: [], js: [{ url: 'https://cdn/x.js?a=1&b="2"' }] })).toBe('<script type="module" src="https://cdn/x.js?a=1&amp;b=&quot;2&quot;"></script>');
  });

  it('inline text that cannot end its element early: </script>, </style> and <!-- inside strings are escaped', () => {
    const html = pageHtml('<head></head><body></body>', {
      css: [{ inline: '.a::after{content:"</style><b>"}' }],
      js: [{ inline: 'const s = "</SCRIPT><!--x";' }],
    });
    expect(html).toBe('<head><style>.a::after{content:"<\\/style><b>"}</style></head><body><script type="module">const s = "<\\/SCRIPT><\\x21--x";</script></body>');
    // The escaped JS string is the same string.
    expect(new Function('return "<\\/SCRIPT><\\x21--x"')()).toBe('</SCRIPT><!--x');
  });
});

import { injectTags } from '../../src/http/inject-tags';

const assets = { css: ['/_ss/assets/main/app.css'], js: ['/_ss/assets/main/main.js'] };

describe("injecting a client's tags into its view", () => {
  it('puts stylesheets before </head> and scripts before </body>', () => {
    const page = injectTags('<!doctype html><html><head><title>x</title></head><body><p>hi</p></body></html>', assets);
    expect(page).toBe(
      '<!doctype html><html><head><title>x</title><link rel="stylesheet" href="/_ss/assets/main/app.css"></head><body><p>hi</p><script type="module" src="/_ss/assets/main/main.js"></script></body></html>',
    );
  });

  it('puts every tag at the <!-- socketstream --> mark when the view has one', () => {
    const page = injectTags('<head><!-- SocketStream --><style>a{}</style></head><body></body>', assets);
    expect(page).toBe('<head><link rel="stylesheet" href="/_ss/assets/main/app.css"><script type="module" src="/_ss/assets/main/main.js"></script><style>a{}</style></head><body></body>');
  });

  it('appends the tags to a fragment without head or body', () => {
    expect(injectTags('<p>hi</p>', assets)).toBe('<p>hi</p><link rel="stylesheet" href="/_ss/assets/main/app.css"><script type="module" src="/_ss/assets/main/main.js"></script>');
  });

  it('escapes quotes and ampersands in URLs (a CDN base comes from options)', () => {
    expect(injectTags('<p></p>', { css: [], js: ['https://cdn.example/a.js?x=1&y="2"'] })).toBe('<p></p><script type="module" src="https://cdn.example/a.js?x=1&amp;y=&quot;2&quot;"></script>');
  });

  it('keeps $ patterns in URLs as they are', () => {
    expect(injectTags('<!-- socketstream -->', { css: [], js: ["/a$&b.js"] })).toBe('<script type="module" src="/a$&amp;b.js"></script>');
  });
});

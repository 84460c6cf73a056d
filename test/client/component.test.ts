import ss, { ClientError, Component, registerTemplates, template } from 'socketstream/client';
import { View } from 'socketstream/decorators';

registerTemplates({
  'chat/message': (data) => {
    const { user, text } = data as { user: string; text: string };
    const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return `<li><b>${escape(user)}</b>: ${escape(text)}</li>`;
  },
});

@View({ template: 'chat/message' })
class MessageView extends Component<{ user: string; text: string }> {}

class Unbound extends Component {}

@View({ template: 'chat/missing' })
class Missing extends Component {}

describe('Component and @View', () => {
  it("html(data) renders the view's template", () => {
    expect(new MessageView().html({ user: 'ada', text: '<b>hi</b>' })).toBe('<li><b>ada</b>: &lt;b&gt;hi&lt;/b&gt;</li>');
  });

  it('a class without @View is SS_ERR_NO_VIEW naming it', () => {
    expect(() => new Unbound().html(undefined)).toThrow(expect.objectContaining({ code: 'SS_ERR_NO_VIEW', message: expect.stringContaining('Unbound') }) as ClientError);
  });

  it('a view whose template the page lacks is SS_ERR_UNKNOWN_TEMPLATE naming the address', () => {
    expect(() => new Missing().html(undefined)).toThrow(expect.objectContaining({ code: 'SS_ERR_UNKNOWN_TEMPLATE', message: expect.stringContaining('chat/missing') }) as ClientError);
  });

  it('ss.template(path) is the bare template function once the page has templates', () => {
    expect(ss.template('chat/message')).toBe(template('chat/message'));
    expect(ss.template('chat/message')({ user: 'a', text: 'b' })).toBe('<li><b>a</b>: b</li>');
  });
});

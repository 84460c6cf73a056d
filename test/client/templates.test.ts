import { ClientError } from '../../src/client/client-error';
import { registerTemplates, template } from '../../src/client/templates';

describe('the page template registry', () => {
  it('gives the template registered at an address', () => {
    registerTemplates({ 'chat/message': (data) => `<li>${(data as { text: string }).text}</li>` });
    expect(template('chat/message')({ text: 'hi' })).toBe('<li>hi</li>');
  });

  it('adds to what is registered, a later template replacing one of the same address', () => {
    registerTemplates({ a: () => 'a1', b: () => 'b' });
    registerTemplates({ a: () => 'a2' });
    expect(template('a')()).toBe('a2');
    expect(template('b')()).toBe('b');
  });

  it.each(['chat/missing', 'toString', '__proto__', 'constructor', ''])('an unknown address %j is SS_ERR_UNKNOWN_TEMPLATE naming it', (path) => {
    let error: unknown;
    try {
      template(path);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).code).toBe('SS_ERR_UNKNOWN_TEMPLATE');
    expect((error as ClientError).message).toContain(`"${path}"`);
  });

  it('an address registered as __proto__ is a template like any other', () => {
    const map: Record<string, () => string> = Object.create(null);
    map['__proto__'] = () => 'proto';
    registerTemplates(map);
    expect(template('__proto__')()).toBe('proto');
    expect(() => template('toString')).toThrow(ClientError);
  });
});

import { inject } from 'tsyringe';
import { createApp } from 'socketstream';
import { Rpc, RpcService } from 'socketstream/decorators';
import { createTestingApp } from 'socketstream/testing';

@RpcService('notes')
class NotesService {
  constructor(@inject('db') readonly db: unknown) {}
  @Rpc() count() {
    return 0;
  }
}

const invalid = (...parts: string[]) =>
  expect.objectContaining({ name: 'SocketStreamError', code: 'SS_ERR_INVALID_PROVIDER', message: expect.stringMatching(new RegExp(parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*'))) });

describe('SS_ERR_INVALID_PROVIDER: a provider that is not a class or { provide, useValue | useClass | useFactory }', () => {
  it.each([
    ['no use*', { provide: 'db' }, ['the provider of "db" gives none of useValue, useClass, useFactory']],
    ['two use*', { provide: 'db', useValue: 1, useFactory: () => 2 }, ['the provider of "db" gives useValue and useFactory']],
    ['useClass not a class', { provide: 'db', useClass: 5 }, ['the provider of "db": useClass must be a class, got 5']],
    ['useFactory not a function', { provide: 'db', useFactory: 'no' }, ['the provider of "db": useFactory must be a function, got "no"']],
    ['no provide', { useValue: 1 }, ["a provider's provide must be a class, string or symbol, got undefined"]],
    ['null', null, ['null is neither a class nor a provider object']],
  ])('%s', (_what, provider, parts) => {
    expect(() => createApp({ services: [NotesService], providers: [provider as never], logLevel: 'silent' })).toThrow(invalid('providers: ', ...parts));
  });

  it('through an override of createTestingApp', async () => {
    await expect(createTestingApp({ services: [NotesService], providers: [{ provide: 'db', useValue: {} }] }).override('db').useFactory('nope' as never).start()).rejects.toMatchObject(
      invalid('the provider of "db": useFactory must be a function'),
    );
  });

  it('refuses a null or undefined useValue, which the container would not register, and takes the factory it suggests', async () => {
    expect(() => createApp({ services: [NotesService], providers: [{ provide: 'db', useValue: undefined }], logLevel: 'silent' })).toThrow(
      invalid('the provider of "db": useValue cannot be undefined', 'useFactory: () => undefined'),
    );
    expect(() => createApp({ services: [NotesService], providers: [{ provide: 'db', useValue: null }], logLevel: 'silent' })).toThrow(invalid('useValue cannot be null'));
    await using app = await createTestingApp({ services: [NotesService], providers: [{ provide: 'db', useFactory: () => null }] }).start();
    expect(app.container.resolve(NotesService).db).toBeNull();
  });
});

import { createApp, Responder } from 'socketstream';

/**
 * One rule for all three kinds: a class listed (or discovered through a re-export) twice is
 * served once, responders as services and channels.
 */
class CursorResponder extends Responder {
  readonly name = 'cursor';
  onMessage() {}
}

describe('a responder class listed twice', () => {
  it('is served once, as services and channels are', async () => {
    const app = createApp({ env: { NODE_ENV: 'test' }, services: [], channels: [], responders: [CursorResponder, CursorResponder], logLevel: 'silent' });
    try {
      expect(app.responderNames).toEqual(['cursor']);
    } finally {
      await app.close();
    }
  });
});

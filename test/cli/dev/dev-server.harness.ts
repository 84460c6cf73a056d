/**
 * Runs a DevServer in a plain Node process, driven by one command per stdin line, answering one
 * JSON line per command on stdout. The dev server's point is Node's own module cache (purged and
 * filled again on each restart), which Jest replaces with its registry, so its tests drive it here
 * (`node -r @swc-node/register`, as bin/ss.js runs the CLI) rather than in Jest's sandbox.
 *
 * Usage: node -r @swc-node/register dev-server.harness.ts <app root> <port>
 * Commands: start | restart | close | stores
 */
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DevServer } from '../../../src/cli/dev/dev-server';
import { provideMemoryStores } from '../../../src/cli/dev/memory-stores';

const [root, port] = process.argv.slice(2);
// As ss dev does: stack traces of the app's TypeScript name the .ts lines.
process.setSourceMapsEnabled(true);
const server = new DevServer({ app: { root, file: join(root, 'app.ts') }, port: Number(port), host: '127.0.0.1' });

async function run(command: string): Promise<unknown> {
  switch (command) {
    case 'start':
      return server.start();
    case 'restart':
      return server.restart();
    case 'close':
      await server.close();
      return {};
    case 'stores': {
      const provided = provideMemoryStores(root);
      const slot = (globalThis as Record<symbol, unknown>)[Symbol.for('socketstream.developmentStores')];
      const result = { from: provided.from, inSlot: slot === provided.stores, session: provided.stores.sessionStore.constructor.name, marker: (provided.stores.sessionStore as { marker?: string }).marker ?? null };
      await provided.release();
      return { ...result, inSlotAfterRelease: (globalThis as Record<symbol, unknown>)[Symbol.for('socketstream.developmentStores')] !== undefined };
    }
    default:
      throw new Error(`unknown command ${command}`);
  }
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const command = line.trim();
  run(command).then(
    (result) => process.stdout.write(`${JSON.stringify({ command, running: server.running, result })}\n`),
    (err: unknown) => process.stdout.write(`${JSON.stringify({ command, error: String(err) })}\n`),
  );
});
lines.on('close', () => void server.close());

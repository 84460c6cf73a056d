import app from './app';

const port = Number(process.env.PORT ?? 3000);
app.listen(port, undefined, () => {
  app.log.info(`sample app on http://localhost:${port} (RPC methods: ${app.methods.join(', ')})`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}

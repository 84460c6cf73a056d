import ss, { ClientError, registerWorkers, worker } from 'socketstream/client';

/** Node has no Web Worker: a stand-in that records how it was made. */
class FakeWorker {
  constructor(
    readonly url: string,
    readonly options: WorkerOptions,
  ) {}
}

describe('ss.worker', () => {
  const real = (globalThis as { Worker?: unknown }).Worker;
  beforeAll(() => ((globalThis as { Worker?: unknown }).Worker = FakeWorker));
  afterAll(() => ((globalThis as { Worker?: unknown }).Worker = real));

  it('starts a module worker at the URL the build registered', () => {
    registerWorkers({ search: '/_ss/assets/main/workers/search.js' });
    const started = ss.worker('search') as unknown as FakeWorker;
    expect(started).toBeInstanceOf(FakeWorker);
    expect(started.url).toBe('/_ss/assets/main/workers/search.js');
    expect(started.options).toEqual({ name: 'search', type: 'module' });
    expect((worker('search', { credentials: 'omit' }) as unknown as FakeWorker).options).toEqual({ name: 'search', credentials: 'omit', type: 'module' });
  });

  it('names an unknown worker in a ClientError', () => {
    registerWorkers({});
    expect(() => ss.worker('nope')).toThrow(expect.objectContaining({ code: 'SS_ERR_UNKNOWN_WORKER', message: expect.stringContaining('"nope"') }) as ClientError);
  });
});

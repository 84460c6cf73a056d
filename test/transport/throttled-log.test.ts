import { type Logger } from 'socketstream';
import { ThrottledLog } from '../../src/transport/throttled-log';

/** A logger whose `nextLine()` resolves at the next line written. */
function watchingLogger(): Logger & { lines: string[]; nextLine(): Promise<string> } {
  const lines: string[] = [];
  let waiter: ((line: string) => void) | undefined;
  const record = (m: string) => {
    lines.push(m);
    waiter?.(m);
    waiter = undefined;
  };
  return { lines, debug: record, info: record, warn: record, error: record, nextLine: () => new Promise((resolve) => (waiter = resolve)) };
}

describe('a throttled log line', () => {
  it('is written at once, then counted for the interval and reported in one line with the last detail', async () => {
    const log = watchingLogger();
    const throttled = new ThrottledLog(log, 'refused', 'warn', 30);
    throttled.write('a');
    for (let i = 0; i < 100; i++) throttled.write(`b${i}`);
    expect(log.lines).toEqual(['refused: a']);
    expect(await log.nextLine()).toBe('refused: 100 more since the previous line; the last: b99');
    throttled.stop();
  });

  it('on stop() reports what it counted, stops its timer, and writes the next one at once', () => {
    const log = watchingLogger();
    const throttled = new ThrottledLog(log, 'refused', 'error', 60_000);
    throttled.write('a', new Error('why'));
    throttled.write('b');
    throttled.stop();
    throttled.write('c');
    throttled.stop();
    expect(log.lines).toEqual(['refused: a', 'refused: 1 more since the previous line; the last: b', 'refused: c']);
  });
});

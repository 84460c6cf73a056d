import { colorEnabled, createOutput } from '../../src/cli/output';

describe('the CLI output', () => {
  const tty = { write: () => true, isTTY: true };
  const pipe = { write: () => true };

  it('colours a terminal and not a pipe', () => {
    expect(colorEnabled(tty, {})).toBe(true);
    expect(colorEnabled(pipe, {})).toBe(false);
  });

  it('lets NO_COLOR turn colour off and FORCE_COLOR turn it on, NO_COLOR first', () => {
    expect(colorEnabled(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorEnabled(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
  });

  it('keeps a dumb terminal plain', () => {
    expect(colorEnabled(tty, { TERM: 'dumb' })).toBe(false);
  });

  it('writes errors and warnings to stderr and the rest to stdout, each a line', () => {
    let out = '';
    let err = '';
    const output = createOutput({}, { write: (t: string) => (out += t) }, { write: (t: string) => (err += t) });
    output.info('one');
    output.warn('careful');
    output.error('broken');
    expect(out).toBe('one\n');
    expect(err).toBe('careful\nbroken\n');
  });
});

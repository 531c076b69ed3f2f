import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { useScreen } from '../helpers/screen.js';

const server = useScreen(1280, 720, { tcp: true });

describe('mss-ts monitors', () => {
  it('prints a table on stdout', async () => {
    const result = await run(['monitors'], { env: { DISPLAY: server.xvfb.display } });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe(
      [
        'INDEX  NAME    GEOMETRY      PRIMARY',
        '0      all     1280x720+0+0',
        '1      screen  1280x720+0+0',
        '',
      ].join('\n'),
    );
  });

  it('prints JSON for scripts', async () => {
    const result = await run(['monitors', '--json', '-D', server.xvfb.display]);
    const json = JSON.parse(result.stdout.toString());
    expect(json).toMatchObject({ display: server.xvfb.display, backend: 'shm', reasons: [] });
    expect(json.monitors[1]).toEqual({
      index: 1,
      name: 'screen',
      left: 0,
      top: 0,
      width: 1280,
      height: 720,
      primary: false,
    });
  });

  it('says on stderr why MIT-SHM is off', async () => {
    const result = await run(['monitors', '-D', server.xvfb.tcpDisplay]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^capture: GetImage, slower than MIT-SHM because display "localhost:\d+" is not a local Unix socket/,
    );
    expect((await run(['monitors', '-q', '-D', server.xvfb.tcpDisplay])).stderr).toBe('');
  });

  it('exits 69 without a display', async () => {
    expect((await run(['monitors'], { env: {} })).code).toBe(69);
  });
});

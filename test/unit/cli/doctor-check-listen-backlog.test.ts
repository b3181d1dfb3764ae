import { describe, expect, it } from 'vitest';
import { checkListenBacklog } from '../../../src/cli/doctor/check-listen-backlog.js';

describe('checkListenBacklog', () => {
  it('when the kernel allows the configured backlog, then the line is ok and says both', () => {
    const line = checkListenBacklog(4096, 4096);
    expect(line.status).toBe('ok');
    expect(line.detail).toContain('4096');
  });

  it('when net.core.somaxconn is below HTTP_LISTEN_BACKLOG, then it warns (not fails) with the sysctl to run', () => {
    const line = checkListenBacklog(4096, 128);
    expect(line.status).toBe('warn');
    expect(line.detail).toContain('net.core.somaxconn = 128');
    expect(line.fix).toContain('sysctl -w net.core.somaxconn=4096');
  });

  it('when the cap cannot be read (not Linux), then the line is ok and says so', () => {
    const line = checkListenBacklog(4096, null);
    expect(line.status).toBe('ok');
    expect(line.detail).toContain('not readable');
  });
});

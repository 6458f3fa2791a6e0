import { describe, expect, it, vi } from 'vitest';
import { createOpenExternalGuard, externalUrlProblem } from '../../electron/desktop/open-external';

const instances = ['https://gitlab.com', 'https://gitlab.example.com:8443'];

describe('externalUrlProblem', () => {
  it('allows https pages on a configured instance', () => {
    expect(externalUrlProblem('https://gitlab.com/-/user_settings/personal_access_tokens?name=ci', instances)).toBeNull();
    expect(externalUrlProblem('https://gitlab.example.com:8443/group/project', instances)).toBeNull();
  });

  it.each([
    ['http://gitlab.com/', /https/],
    ['file:///etc/passwd', /https/],
    ['javascript:alert(1)', /https/],
    ['smb://gitlab.com/share', /https/],
    ['https://evil.example/', /not one of your GitLab instances/],
    ['https://gitlab.com.evil.example/', /not one of your GitLab instances/],
    ['https://gitlab.example.com/', /not one of your GitLab instances/], // wrong port
    ['https://user:pw@gitlab.com/', /user name or password/],
    ['not a url', /not a web address/],
  ])('refuses %s', (url, reason) => {
    expect(externalUrlProblem(url, instances)).toMatch(reason);
  });

  it('ignores configured instances that are plain http to another machine', () => {
    expect(externalUrlProblem('http://gitlab.lan/', ['http://gitlab.lan'])).toMatch(/https/);
    expect(externalUrlProblem('https://gitlab.lan/', ['http://gitlab.lan'])).toMatch(/not one of/);
  });

  // The rule instance URLs follow (vault/types isLoopbackHost): plain http to this machine is a
  // local GitLab or the emulator, and its pages open like any other instance's.
  it.each(['http://localhost:3000/-/user_settings/personal_access_tokens', 'http://127.0.0.1:8080/group/project', 'http://[::1]:3000/'])(
    'opens %s when that loopback instance is configured',
    (url) => {
      expect(externalUrlProblem(url, ['http://localhost:3000', 'http://127.0.0.1:8080', 'http://[::1]:3000'])).toBeNull();
    },
  );

  it('refuses loopback pages of an instance that is not configured, and https/http mix-ups', () => {
    expect(externalUrlProblem('http://localhost:4000/', ['http://localhost:3000'])).toMatch(/not one of/);
    expect(externalUrlProblem('https://localhost:3000/', ['http://localhost:3000'])).toMatch(/not one of/);
    expect(externalUrlProblem('http://localhost:3000/', ['https://localhost:3000'])).toMatch(/not one of/);
    expect(externalUrlProblem('http://user:pw@localhost:3000/', ['http://localhost:3000'])).toMatch(/user name or password/);
  });
});

describe('createOpenExternalGuard', () => {
  it('passes allowed URLs to shell.openExternal and never the others', async () => {
    const openExternal = vi.fn(async () => undefined);
    const open = createOpenExternalGuard({ openExternal, allowedOrigins: () => instances });
    await open('https://GITLAB.com/explore');
    await expect(open('https://evil.example/')).rejects.toThrow(/not one of your GitLab instances/);
    expect(openExternal).toHaveBeenCalledTimes(1);
    expect(openExternal).toHaveBeenCalledWith('https://gitlab.com/explore');
  });

  it('reads the allow-list at call time, so a newly added instance works at once', async () => {
    const openExternal = vi.fn(async () => undefined);
    const allowed = ['https://gitlab.com'];
    const open = createOpenExternalGuard({ openExternal, allowedOrigins: () => allowed });
    await expect(open('https://git.corp.example/')).rejects.toThrow();
    allowed.push('https://git.corp.example');
    await open('https://git.corp.example/');
    expect(openExternal).toHaveBeenCalledWith('https://git.corp.example/');
  });
});

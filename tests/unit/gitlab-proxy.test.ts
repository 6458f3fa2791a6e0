// Which instances go through the proxy: HTTPS_PROXY/HTTP_PROXY with NO_PROXY as curl reads it.
import { describe, expect, it } from 'vitest';
import { GitLabClient } from '../../electron/gitlab/client';
import { describeProxy, normaliseFingerprint, proxyFor } from '../../electron/gitlab/transport';

const url = (s: string) => new URL(s);

describe('proxyFor', () => {
  const env = { HTTPS_PROXY: 'http://proxy.corp:3128', HTTP_PROXY: 'http://plain.corp:8080' };

  it('https uses HTTPS_PROXY, http uses HTTP_PROXY, lower case wins', () => {
    expect(proxyFor(url('https://gitlab.com'), env)).toBe('http://proxy.corp:3128');
    expect(proxyFor(url('http://127.0.0.1:3081'), env)).toBe('http://plain.corp:8080');
    expect(proxyFor(url('https://gitlab.com'), { ...env, https_proxy: 'http://lower:1' })).toBe('http://lower:1');
    expect(proxyFor(url('https://gitlab.com'), { HTTP_PROXY: 'http://plain.corp:8080' })).toBe('http://plain.corp:8080');
    expect(proxyFor(url('https://gitlab.com'), {})).toBeNull();
  });

  it('NO_PROXY: exact hosts, domain suffixes with or without a dot, ports, and *', () => {
    const no = (list: string, target: string) => proxyFor(url(target), { ...env, NO_PROXY: list });
    expect(no('gitlab.corp', 'https://gitlab.corp')).toBeNull();
    expect(no('corp', 'https://gitlab.corp')).toBeNull();
    expect(no('.corp', 'https://gitlab.corp')).toBeNull();
    expect(no('*.corp', 'https://gitlab.corp')).toBeNull();
    expect(no('gitlab.corp:8443', 'https://gitlab.corp')).toBe('http://proxy.corp:3128');
    expect(no('gitlab.corp:443', 'https://gitlab.corp')).toBeNull();
    expect(no('other.example, 10.0.0.1', 'https://gitlab.corp')).toBe('http://proxy.corp:3128');
    expect(no('notcorp', 'https://gitlab.corp')).toBe('http://proxy.corp:3128');
    expect(no('*', 'https://gitlab.corp')).toBeNull();
  });

  it('never shows proxy credentials', () => {
    expect(describeProxy('http://user:secret@proxy.corp:3128')).toBe('http://proxy.corp:3128');
  });
});

describe('instances and fingerprints', () => {
  it('normalises scheme-less and IDN addresses, keeping a relative URL root but not UI or API pages', () => {
    expect(new GitLabClient({ instance: ' gitlab.example.com/ ', env: {} }).instance).toBe('https://gitlab.example.com');
    expect(new GitLabClient({ instance: ' example.com/gitlab/ ', env: {} }).instance).toBe('https://example.com/gitlab');
    expect(new GitLabClient({ instance: 'https://example.com/gitlab/api/v4/user', env: {} }).instance).toBe('https://example.com/gitlab');
    expect(new GitLabClient({ instance: 'https://example.com/gitlab/-/user_settings/personal_access_tokens?x=1#y', env: {} }).instance).toBe('https://example.com/gitlab');
    expect(new GitLabClient({ instance: 'https://gitlab.example.com/-/profile', env: {} }).instance).toBe('https://gitlab.example.com');
    expect(new GitLabClient({ instance: 'gitlab.bücher.example', env: {} }).instance).toBe('https://gitlab.xn--bcher-kva.example');
  });

  it('fingerprints compare whatever their case and colons', () => {
    expect(normaliseFingerprint('ab:cd:ef')).toBe('AB:CD:EF');
    expect(normaliseFingerprint('abcdef')).toBe('AB:CD:EF');
  });
});

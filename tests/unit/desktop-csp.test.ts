import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { REACT_REFRESH_PREAMBLE, contentSecurityPolicy, rendererSecurityHeaders } from '../../electron/desktop/csp';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe('contentSecurityPolicy in production', () => {
  const csp = directives(contentSecurityPolicy({ devServerOrigin: null }));

  it('denies by default and runs only our own scripts', () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
  });

  it('allows no inline code and no eval anywhere', () => {
    const all = [...csp.values()].flat();
    expect(all).not.toContain("'unsafe-inline'");
    expect(all).not.toContain("'unsafe-eval'");
    expect(all).not.toContain("'wasm-unsafe-eval'");
  });

  it('gives the renderer no network, no frames, no plugins, no forms', () => {
    expect(csp.get('connect-src')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-src')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  });
});

describe('contentSecurityPolicy in development', () => {
  const csp = directives(contentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' }));

  it('connects only to the dev server (HTTP and its HMR websocket)', () => {
    expect(csp.get('connect-src')).toEqual(['http://localhost:5173', 'ws://localhost:5173']);
  });

  it('still has no unsafe-inline or eval for scripts; only the React refresh preamble by hash', () => {
    const scripts = csp.get('script-src')!;
    expect(scripts[0]).toBe("'self'");
    expect(scripts).toHaveLength(2);
    expect(scripts[1]).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/);
  });

  it('hashes the preamble @vitejs/plugin-react really injects', async () => {
    const require = createRequire(import.meta.url);
    const pluginPath = require.resolve('@vitejs/plugin-react');
    const plugin = (await import(pluginPath)) as { default: { preambleCode: string } };
    expect(plugin.default.preambleCode.replace('__BASE__', '/')).toBe(REACT_REFRESH_PREAMBLE);
  });
});

describe('rendererSecurityHeaders', () => {
  it('carries the CSP and forbids MIME sniffing', () => {
    const headers = rendererSecurityHeaders("default-src 'none'");
    expect(headers['Content-Security-Policy']).toBe("default-src 'none'");
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
  });
});

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

describe('the policies graded by csp-evaluator (what electronegativity uses)', () => {
  interface Finding { severity: number; directive: string }
  const evaluator = createRequire(import.meta.url)('@doyensec/csp-evaluator') as {
    CspParser: new (csp: string) => { csp: unknown };
    CspEvaluator: new (csp: unknown, version: unknown) => { evaluate(): Finding[] };
    Version: { CSP3: unknown };
    severities: Record<string, number>;
  };
  const grade = (csp: string) => new evaluator.CspEvaluator(new evaluator.CspParser(csp).csp, evaluator.Version.CSP3).evaluate();
  const { HIGH, MEDIUM, HIGH_MAYBE, MEDIUM_MAYBE } = evaluator.severities as Record<string, number>;

  it('finds nothing serious in the production policy', () => {
    const findings = grade(contentSecurityPolicy({ devServerOrigin: null }));
    expect(findings.filter((f) => f.severity === HIGH || f.severity === MEDIUM || f.severity === HIGH_MAYBE)).toEqual([]);
    // The one remark left is generic ("'self' is risky if you host JSONP or uploads"); we serve only our build.
    expect(findings.map((f) => [f.directive, f.severity])).toEqual([['script-src', MEDIUM_MAYBE]]);
  });

  it('in development, objects only to the plain-http dev server connection', () => {
    const serious = grade(contentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' })).filter((f) => f.severity === HIGH || f.severity === MEDIUM || f.severity === HIGH_MAYBE);
    expect(serious.map((f) => f.directive)).toEqual(['connect-src']);
  });
});

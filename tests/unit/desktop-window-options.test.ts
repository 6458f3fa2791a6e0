import { describe, expect, it } from 'vitest';
import { windowOptions } from '../../electron/desktop/window-options';
import { RENDERER_ENTRY_URL, RENDERER_ORIGIN, isRendererFrameUrl, rendererLocation } from '../../electron/desktop/renderer-origin';

describe('windowOptions', () => {
  const prefs = windowOptions({ preloadPath: '/app/.vite/build/preload.js' }).webPreferences!;

  it('isolates the page: context isolation, OS sandbox, no Node anywhere', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps the web security model on and turns off risky extras', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
  });

  it('has DevTools only in development', () => {
    expect(prefs.devTools).toBe(false);
    expect(windowOptions({ preloadPath: '/p.js', isDevelopment: true }).webPreferences!.devTools).toBe(true);
  });

  it('does not send typed text to a spell-check service', () => {
    expect(prefs.spellcheck).toBe(false);
  });

  it('loads the given preload script and stays hidden until painted', () => {
    expect(prefs.preload).toBe('/app/.vite/build/preload.js');
    expect(windowOptions({ preloadPath: '/p.js' }).show).toBe(false);
  });
});

describe('rendererLocation', () => {
  it('serves production from the custom scheme', () => {
    expect(rendererLocation(undefined)).toEqual({ url: RENDERER_ENTRY_URL, origin: RENDERER_ORIGIN, devServerOrigin: null });
    expect(RENDERER_ORIGIN).toBe('tokenvault://app');
  });

  it('uses a local dev server in development', () => {
    expect(rendererLocation('http://localhost:5173/')).toMatchObject({ origin: 'http://localhost:5173', devServerOrigin: 'http://localhost:5173' });
  });

  it('refuses a dev server that is not on this machine', () => {
    expect(() => rendererLocation('http://evil.example:5173/')).toThrow(/localhost/);
    expect(() => rendererLocation('https://localhost.evil.example/')).toThrow(/localhost/);
  });
});

describe('isRendererFrameUrl', () => {
  const production = rendererLocation(undefined);
  const development = rendererLocation('http://localhost:5173/');
  const devCheck = (url: string | null | undefined, origin: string) => typeof url === 'string' && url.startsWith(`${origin}/`);

  it('trusts only our scheme and host in production', () => {
    expect(isRendererFrameUrl('tokenvault://app/index.html', production, devCheck)).toBe(true);
    expect(isRendererFrameUrl('tokenvault://app/index.html#/tokens', production, devCheck)).toBe(true);
    for (const url of ['tokenvault://evil/index.html', 'tokenvault://app:8080/', 'tokenvault://u:p@app/', 'https://app/index.html', 'file:///app/index.html', 'http://localhost:5173/', '', null, undefined]) {
      expect(isRendererFrameUrl(url, production, devCheck)).toBe(false);
    }
  });

  it('defers to the dev-server origin check in development, and trusts not our scheme there', () => {
    expect(isRendererFrameUrl('http://localhost:5173/index.html', development, devCheck)).toBe(true);
    expect(isRendererFrameUrl('tokenvault://app/index.html', development, devCheck)).toBe(false);
  });
});

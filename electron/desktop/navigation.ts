// The window never leaves our page: every navigation is cancelled, every new window denied,
// no <webview> may attach. A link the page follows (or opens in a new window) goes to the
// guarded openExternal instead, which opens it in the browser only if it is an https page of
// a configured GitLab instance.
import type { WebContents } from 'electron';

type GuardedOpen = (url: string) => Promise<void>;
type NavigationEvents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function lockDownNavigation(contents: NavigationEvents, openGuarded: GuardedOpen): void {
  const handOff = (url: string) => {
    // A refused link is not an error the user needs a dialog for; the page was not allowed to go there.
    openGuarded(url).catch(() => undefined);
  };
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    handOff(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    handOff(url);
    return { action: 'deny' };
  });
}

// The header's vault switcher: which vault is open (its colour, its name, personal or team) and,
// one click or key away, the others this computer knows — your personal vaults first, then each
// team vault you have a copy of — side by side. A menu button (arrows, Home/End, Escape), and
// Ctrl+1…9 to go straight to the n-th, as chat apps switch workspaces. Switching locks the vault
// being left (main does); the other shows its unlock screen. Not while a dialog or the new-token
// wizard is open: a shortcut must never drop a token shown once.
import { useCallback, useEffect, useRef, useState } from 'react';
import { create } from 'zustand';
import type { ResultOf } from '../../../electron/api';
import { call, messageOf } from '../client';
import { useApp } from '../store';
import { changeVault } from './VaultPlaces';
import { VaultBadge } from './VaultBadge';

export type KnownVault = ResultOf<'vaultsKnown'>['recent'][number];

/** What the switcher last learnt from main, for others that ask "is the open vault a team's?" (Move to team vault…). */
export const useKnownVaults = create<{ known: ResultOf<'vaultsKnown'> | null }>(() => ({ known: null }));

/** True when the open vault is a personal one (not a team copy); false while not known yet. */
export const useOpenVaultIsPersonal = () =>
  useKnownVaults((s) => {
    const here = s.known?.recent.find((v) => v.path === s.known?.current);
    return here !== undefined && here.team === null;
  });

/** Personal vaults first, then team copies, each group newest first (as main lists them); the current one always in. */
export function switcherOrder(known: ResultOf<'vaultsKnown'> | null): KnownVault[] {
  const here = known?.recent.filter((v) => v.exists || v.path === known.current) ?? [];
  return [...here.filter((v) => !v.team), ...here.filter((v) => v.team)];
}

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl+';

export function VaultSwitcher() {
  const status = useApp((s) => s.status);
  const known = useKnownVaults((s) => s.known);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const reload = useCallback(() => call('vaultsKnown', {}).then((next) => useKnownVaults.setState({ known: next }), () => undefined), []);
  useEffect(() => void reload(), [reload, status?.path, status?.name, status?.colour]);

  const vaults = switcherOrder(known);
  const current = vaults.find((v) => v.path === known?.current);
  const team = current?.team ?? null;
  const go = useCallback((v: KnownVault) => {
    setOpen(false);
    if (v.path === known?.current) return button.current?.focus();
    void changeVault('vaultSwitch', { path: v.path }).catch((e) => useApp.getState().toast({ tone: 'error', text: messageOf(e) }));
  }, [known?.current]);

  useEffect(() => {
    if (!open) return;
    void reload();
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open, reload]);

  // Ctrl/⌘+1…9: the n-th vault of the menu.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || !/^[1-9]$/.test(e.key)) return;
      const target = vaults[Number(e.key) - 1];
      if (!target || document.querySelector('dialog[open]') || useApp.getState().view === 'wizard') return;
      e.preventDefault();
      go(target);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [vaults, go]);

  const items = () => [...(root.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
  const focusItem = (which: 'first' | 'last' | 'current' | 1 | -1) => {
    const all = items();
    if (!all.length) return;
    const at = all.indexOf(document.activeElement as HTMLElement);
    const index =
      which === 'first' ? 0 : which === 'last' ? all.length - 1 : which === 'current' ? Math.max(0, all.findIndex((i) => i.getAttribute('aria-checked') === 'true')) : (at + which + all.length) % all.length;
    all[index]?.focus();
  };
  const openAnd = (which: 'first' | 'last' | 'current') => {
    setOpen(true);
    requestAnimationFrame(() => focusItem(which));
  };
  const onMenuKey = (e: React.KeyboardEvent) => {
    const moves: Record<string, () => void> = {
      ArrowDown: () => focusItem(1),
      ArrowUp: () => focusItem(-1),
      Home: () => focusItem('first'),
      End: () => focusItem('last'),
      Escape: () => {
        setOpen(false);
        button.current?.focus();
      },
      Tab: () => setOpen(false),
    };
    const move = moves[e.key];
    if (!move) return;
    if (e.key !== 'Tab') {
      e.preventDefault();
      e.stopPropagation();
    }
    move();
  };

  if (!status) return null;
  const kind = team ? 'Team vault' : 'Personal vault';
  const groups: Array<{ id: string; label: string; list: KnownVault[] }> = [
    { id: 'switcher-personal', label: 'Personal', list: vaults.filter((v) => !v.team) },
    { id: 'switcher-team', label: 'Team vaults', list: vaults.filter((v) => v.team) },
  ];
  return (
    <div className="vault-switcher" ref={root}>
      <button
        ref={button}
        type="button"
        className="vault-switcher-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls="vault-switcher-menu"
        aria-label={`${status.name}, ${kind.toLowerCase()}${team?.removed ? ' (you were removed)' : ''} — switch vault`}
        title={`${status.name} — ${status.path}`}
        onClick={() => (open ? setOpen(false) : openAnd('current'))}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            openAnd(e.key === 'ArrowDown' ? 'current' : 'last');
          }
        }}
        data-testid="vault-switcher"
        data-kind={team ? 'team' : 'personal'}
      >
        <VaultBadge name={status.name} colour={status.colour} className="brand" />
        <span className={`vault-kind${team ? ' team' : ''}`} aria-hidden="true">{team ? 'Team' : 'Personal'}</span>
        <span className="vault-switcher-caret" aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div id="vault-switcher-menu" className="vault-switcher-menu" role="menu" aria-label="Switch vault" onKeyDown={onMenuKey}>
          {groups.map((g) => (
            <div key={g.id} role="group" aria-labelledby={g.id}>
              <div id={g.id} className="vault-switcher-group" role="presentation">{g.label}</div>
              {g.list.length === 0 ? (
                <p className="vault-switcher-none muted" role="presentation">{g.label === 'Personal' ? 'None opened on this computer yet.' : 'None yet: create or join one under Team.'}</p>
              ) : null}
              {g.list.map((v) => {
                const n = vaults.indexOf(v) + 1;
                const here = v.path === known?.current;
                return (
                  <button key={v.path} type="button" role="menuitemradio" aria-checked={here} tabIndex={-1} className="vault-switcher-item" title={v.path} onClick={() => go(v)} aria-keyshortcuts={n <= 9 ? `Control+${n} Meta+${n}` : undefined}>
                    <span className="vault-switcher-check" aria-hidden="true">{here ? '✓' : ''}</span>
                    <span className={`vault-dot vault-${v.colour}`} aria-hidden="true" />
                    <span className="vault-switcher-name">
                      <span className="vault-name">{v.name}</span>
                      {v.team && v.team.name !== v.name ? <span className="muted"> · team {v.team.name}</span> : null}
                      {v.team?.removed ? <span className="muted"> · you were removed</span> : null}
                      {here ? <span className="sr-only"> (open now)</span> : null}
                    </span>
                    {n <= 9 ? <kbd className="vault-switcher-key" aria-hidden="true">{MOD}{n}</kbd> : null}
                  </button>
                );
              })}
            </div>
          ))}
          <div className="vault-switcher-foot" role="presentation">
            {groups[1]!.list.length === 0 ? (
              <button type="button" role="menuitem" tabIndex={-1} onClick={() => { setOpen(false); useApp.getState().setView('team'); }}>Create or join a team vault…</button>
            ) : null}
            <button type="button" role="menuitem" tabIndex={-1} onClick={() => { setOpen(false); void changeVault('vaultOpenFile', {}).catch((e) => useApp.getState().toast({ tone: 'error', text: messageOf(e) })); }}>Open another vault…</button>
            <p className="muted" role="presentation">Switching locks this vault; the other opens with its own master password.</p>
          </div>
        </div>
      ) : null}
    </div>
  );
}

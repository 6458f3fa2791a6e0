// The "Vault" button in the top bar: the rarer vault-wide actions (add a token made earlier,
// import, open another vault) in a small disclosure list. Escape or a click elsewhere closes
// it; focus goes to the first item on open and back to the button on Escape.
import { useEffect, useRef, useState } from 'react';

export interface VaultMenuItem {
  label: string;
  onSelect(): void;
}

export function VaultMenu({ items }: { items: VaultMenuItem[] }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLButtonElement>('.vault-menu-list button')?.focus();
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  return (
    <div
      className="vault-menu"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button ref={button} type="button" aria-expanded={open} aria-controls="vault-menu-list" onClick={() => setOpen((o) => !o)}>
        Vault ▾
      </button>
      {open ? (
        <div id="vault-menu-list" className="vault-menu-list">
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              onClick={() => {
                setOpen(false);
                item.onSelect();
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

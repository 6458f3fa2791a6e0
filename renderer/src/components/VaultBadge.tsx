// Which vault is open: its colour and name, in the top bar, on the unlock screen and in the list
// of vaults opened before. The window title says the same (App.tsx).
import type { VaultStatus } from '../../../electron/api';

export function VaultBadge({ name, colour, className = '' }: Pick<VaultStatus, 'name' | 'colour'> & { className?: string }) {
  return (
    <span className={`vault-badge ${className}`} data-colour={colour} data-testid="vault-badge">
      <span className={`vault-dot vault-${colour}`} aria-hidden="true" />
      <span className="vault-name">{name}</span>
    </span>
  );
}

// The empty vault's other ways in, beside "Create a token": a token made earlier, or a file of
// them (KeePassXC, Token Vault JSON).
import { useState } from 'react';
import { AddExistingDialog } from './dialogs/AddExistingDialog';
import { ImportDialog } from './dialogs/ImportDialog';

export function EmptyVaultActions() {
  const [open, setOpen] = useState<'existing' | 'import' | null>(null);
  return (
    <>
      <p className="empty-more">
        <button type="button" onClick={() => setOpen('existing')}>Add a token I already have…</button>
        <button type="button" onClick={() => setOpen('import')}>Import from a file…</button>
      </p>
      {open === 'existing' ? <AddExistingDialog onClose={() => setOpen(null)} /> : null}
      {open === 'import' ? <ImportDialog onClose={() => setOpen(null)} /> : null}
    </>
  );
}

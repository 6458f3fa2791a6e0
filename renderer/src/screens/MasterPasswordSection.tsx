// Settings' master-password section: what changing it does, and the button that opens the dialog.
import { useState } from 'react';
import { ChangePasswordDialog } from './dialogs/ChangePasswordDialog';

export function MasterPasswordSection() {
  const [open, setOpen] = useState(false);
  return (
    <section className="settings-section" aria-labelledby="master-password-title">
      <h2 id="master-password-title">Master password</h2>
      <p className="muted">Changing it re-encrypts the vault under a new key, so a copy of the vault taken before the change plus the old password opens nothing stored after it.</p>
      <button type="button" onClick={() => setOpen(true)}>Change master password…</button>
      {open ? <ChangePasswordDialog onClose={() => setOpen(false)} /> : null}
    </section>
  );
}

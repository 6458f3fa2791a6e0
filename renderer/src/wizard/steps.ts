// When a wizard step may be visited: once every step before it has what the next one needs.
// Its own file so the steps and the wizard share it without importing each other.
import type { Draft, DraftFields } from '../../../electron/api';
import { detailsMissing, isCredentialKind } from './credential-kinds';

type Step = NonNullable<DraftFields['step']>;

export function stepsComplete(fields: DraftFields, draft: Draft | null): Record<Step, boolean> {
  if (isCredentialKind(fields.kind)) {
    // The other credentials: who it belongs to and a name, then the kind's own details, then Create.
    const purpose = !!fields.name?.trim() && !!fields.instance?.trim() && (fields.owner === 'instance' || !!fields.target?.trim());
    const details = detailsMissing(fields).length === 0;
    return { purpose, details, scopes: false, expiry: false, create: purpose && details, paste: false, store: false, where: false };
  }
  const needsTarget = fields.kind === 'project' || fields.kind === 'group';
  // A replacement keeps the scopes of the token it replaces, so it needs no purpose.
  const purpose = (!!fields.purpose || !!fields.replaces) && !!fields.name?.trim() && !!fields.instance?.trim() && (!needsTarget || !!fields.target?.trim());
  return { purpose, details: true, scopes: !!fields.scopes?.length, expiry: !!fields.expiresAt, create: true, paste: !!draft?.hasSecret, store: false, where: false };
}

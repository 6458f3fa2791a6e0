// The instance's maximum token lifetime, asked through a stored token of that instance
// (gitlabLifetime); null until known, and when it cannot be asked (the picker then keeps
// GitLab's default of 365 days).
import { useEffect, useState } from 'react';
import { call } from '../client';

export interface LifetimeLimit {
  maxDays: number;
  note: string;
}

export function useLifetimeLimit(askWithId: string | null | undefined): LifetimeLimit | null {
  const [limit, setLimit] = useState<LifetimeLimit | null>(null);
  useEffect(() => {
    setLimit(null);
    if (!askWithId) return;
    let live = true;
    call('gitlabLifetime', { id: askWithId }).then(
      (r) => live && setLimit(r),
      () => undefined, // unreachable or refused: the default limit stands, GitLab still has the last word
    );
    return () => {
      live = false;
    };
  }, [askWithId]);
  return limit;
}

// Two devices changed the master password before either saw the other's change (a sync tool
// still carrying files, a git remote not pulled yet): each drew a new sync key for the same
// generation number, so neither can open what the other wrote since — which is not tampering.
// One key is kept, chosen the same way on every device without them talking: the one whose
// wrapped form is greater as text (arbitrary, but fixed). The device that drew the other key is
// asked for the password set on the device that drew this one; given it, it takes that key and
// writes its whole replica again under it (setup.ts giveNewPassword), so nothing it changed
// meanwhile is lost. Until then each skips the other's replica, and both are told which
// password stays. Only for keys wrapped under a master password: a team copy's keys come from
// its signed member list, which may replace a key at the same generation on purpose.
import type { LocalSync } from './local-state';
import type { DeviceHeader } from './replica-format';

/** Whose key a device at our generation but with another key holds: 'theirs' is kept, or 'ours' is; null when there is no race. */
export function keyRace(local: Pick<LocalSync, 'gen' | 'header'>, header: DeviceHeader): 'theirs' | 'ours' | null {
  if (header.gen !== local.gen || header.wrappedKey === local.header.wrappedKey) return null;
  return header.wrappedKey > local.header.wrappedKey ? 'theirs' : 'ours';
}

/** Which of two headers of one generation holds the key that is kept (the greater wins). */
export const keptFirst = (a: DeviceHeader, b: DeviceHeader): number => b.gen - a.gen || (a.wrappedKey < b.wrappedKey ? 1 : a.wrappedKey > b.wrappedKey ? -1 : 0);

export const RACE_PREFIX = 'Another device ("';

export const raceLost = (device: string): string =>
  `${RACE_PREFIX}${device}") changed the master password at the same time as this one; sync keeps the password set there: give it here. Your changes here are kept meanwhile.`;

export const raceWon = (device: string): string =>
  `${RACE_PREFIX}${device}") changed the master password at the same time as this one; sync keeps the password set here, and "${device}" is asked for it. Its changes arrive once it is given there.`;

/** How long a deleted token waits in the Trash before it is purged (1Password and Bitwarden keep 30 days). Its own file: the CLI's startup imports it without the vault. */
export const TRASH_DAYS = 30;

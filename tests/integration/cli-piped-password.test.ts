// Piped standard input means the same with or without an agent (cli.md): the README's own
// `printf 'pw\nglpat-…\n' | tokenvault add x` must never store the master password as the token
// because an unlocked agent happened to be running. The first line is the master password and is
// checked; scripts that rely on the agent say --no-password / TOKENVAULT_NO_PASSWORD=1. A secret
// equal to the master password is refused wherever the vault can know it.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices } from '../../electron/services';
import { Vault } from '../../electron/vault/vault';
import { agentWorld, PW, WITH_PASSWORD, type AgentWorld } from '../helpers/agent-env';

const TOKEN = 'glpat-piped-0123456789abcdef';
let world: AgentWorld;
afterEach(() => world?.stop());

async function storedSecrets(): Promise<Record<string, string>> {
  const vault = Vault.open(world.vault);
  await vault.unlock(PW);
  try {
    return Object.fromEntries(vault.list().map((e) => [e.name, vault.readSecret(e.id)]));
  } finally {
    vault.close();
  }
}

describe('piped input with an unlocked agent', () => {
  it('add reads the master password first, checks it, then the token: never the password stored as the token', async () => {
    world = agentWorld();
    expect(world.cli(['unlock'], `${PW}\n`).status).toBe(0);

    const add = world.cli(['add', 'ci'], `${PW}\n${TOKEN}\n`, WITH_PASSWORD);
    expect(add.status, add.stderr).toBe(0);
    const wrong = world.cli(['add', 'other'], `not the password\n${TOKEN}\n`, WITH_PASSWORD);
    expect(wrong).toMatchObject({ status: 3, stdout: '' });
    expect(await storedSecrets()).toEqual({ ci: TOKEN });
  });

  it('every command that reads the password checks it: a wrong one hands nothing to run, copy or show', () => {
    world = agentWorld();
    expect(world.cli(['add', 'ci'], `${PW}\n${TOKEN}\n`, WITH_PASSWORD).status).toBe(0);
    expect(world.cli(['unlock'], `${PW}\n`).status).toBe(0);
    const marker = path.join(world.runtime, 'ran');
    for (const args of [['run', '--env', 'T=ci', '--', 'touch', marker], ['copy', 'ci', '--stdout'], ['show', 'ci'], ['list'], ['rm', 'ci'], ['agent', 'log']]) {
      expect(world.cli(args, 'not the password\n', WITH_PASSWORD), args.join(' ')).toMatchObject({ status: 3, stdout: '' });
    }
    expect(fs.existsSync(marker)).toBe(false);
    expect(world.cli(['copy', 'ci', '--stdout'], `${PW}\n`, WITH_PASSWORD)).toMatchObject({ status: 0, stdout: `${TOKEN}\n` });
  });

  it('--no-password or TOKENVAULT_NO_PASSWORD=1: input holds only the secret, through the agent; without one the command fails plainly', async () => {
    world = agentWorld();
    const noAgent = world.cli(['--no-password', 'add', 'a'], `${TOKEN}\n`, WITH_PASSWORD);
    expect(noAgent).toMatchObject({ status: 1, stderr: 'tokenvault: No unlocked agent serves this vault, and --no-password (or TOKENVAULT_NO_PASSWORD=1) says not to read a master password: run "tokenvault unlock" first.\n' });
    expect(world.cli(['import', '/nonexistent.csv'], '', { TOKENVAULT_NO_PASSWORD: '1' }).status).not.toBe(0);

    expect(world.cli(['unlock'], `${PW}\n`).status).toBe(0);
    expect(world.cli(['--no-password', 'add', 'a'], `${TOKEN}-a\n`, WITH_PASSWORD).status).toBe(0);
    expect(world.cli(['add', 'b'], `${TOKEN}-b\n`, { TOKENVAULT_NO_PASSWORD: '1' }).status).toBe(0);
    expect(await storedSecrets()).toEqual({ a: `${TOKEN}-a`, b: `${TOKEN}-b` });
  });
});

describe('a secret equal to the master password is refused', () => {
  const REFUSED = /is the vault's master password, not a token; nothing was stored\.\n$/;

  it('by add, with the password typed and through the agent, and by import rows', async () => {
    world = agentWorld();
    const typed = world.cli(['add', 'x'], `${PW}\n${PW}\n`, WITH_PASSWORD);
    expect(typed.status).toBe(2);
    expect(typed.stderr).toMatch(REFUSED);
    // With spaces around it, as a paste may have.
    expect(world.cli(['add', 'x'], `${PW}\n  ${PW}  \n`, WITH_PASSWORD).status).toBe(2);

    const csv = path.join(world.runtime, 'tokens.csv');
    fs.writeFileSync(csv, `"Title","Username","Password","URL","Notes"\n"fine","","${TOKEN}","https://gitlab.com",""\n"oops","","${PW}","https://gitlab.com",""\n`);
    // This master password is words, no GitLab token by the import rule (a token is one word): --all takes the row.
    const imported = world.cli(['import', csv, '--all'], `${PW}\n`, WITH_PASSWORD);
    expect(imported.status).toBe(2);
    expect(imported.stderr).toMatch(/"oops" is the vault's master password/);

    expect(world.cli(['unlock'], `${PW}\n`).status).toBe(0);
    const viaAgent = world.cli(['add', 'y'], `${PW}\n`);
    expect(viaAgent.status).toBe(2);
    expect(viaAgent.stderr).toMatch(REFUSED);
    expect(await storedSecrets()).toEqual({});
  });

  it('by the app: add and Replace token (the wizards store through the same vault.add)', async () => {
    world = agentWorld();
    const services = createServices({ vaultPath: world.vault, clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false }, openExternal: () => undefined, emit: () => undefined, gitlab: null });
    /** Some services throw before returning a promise: either way is a refusal. */
    const attempt = async (work: () => unknown) => work();
    try {
      await services.api.vaultUnlock({ password: PW });
      await expect(attempt(() => services.api.tokensAdd({ entry: { name: 'x' }, secret: PW }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      const kept = services.api.tokensAdd({ entry: { name: 'ok' }, secret: TOKEN }) as Awaited<ReturnType<typeof services.api.tokensAdd>>;
      await expect(attempt(() => services.api.tokensReplaceSecret({ id: kept.id, secret: PW }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      expect(services.session.unlocked().readSecret(kept.id)).toBe(TOKEN);
    } finally {
      await services.shutdown();
    }
  });
});

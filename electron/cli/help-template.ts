// Every command's help, taken from commander at build time so that the CLI's entry can print it
// without loading commander and every command's definition (most of what `--help` cost). What
// depends on the terminal's width — each item's wrapped description and the command's wrapped
// description — is left as a numbered mark in commander's own text, filled in at run time by
// help-render.ts; everything else is exactly what commander wrote. help-render.test.ts holds
// the two to the same bytes, for every command at every width.
import { Help, type Command } from 'commander';
import type { HelpTemplate, HelpTemplates } from './help-render';

export const ITEM_MARK = '\u0000';
export const WRAP_MARK = '\u0001';

/** The help of one command: commander's own formatHelp, with the width-dependent parts as marks. */
export function helpTemplate(command: Command): HelpTemplate {
  const template: HelpTemplate = { text: '', items: [], wraps: [] };
  const helper = Object.assign(new Help(), command.configureHelp());
  helper.prepareContext({});
  helper.formatItem = (term, termWidth, description) => `${ITEM_MARK}${template.items.push([term, termWidth, description]) - 1}${ITEM_MARK}`;
  helper.boxWrap = (text) => `${WRAP_MARK}${template.wraps.push(text) - 1}${WRAP_MARK}`;
  template.text = helper.formatHelp(command, helper);
  return template;
}

/** Every command's help, keyed by its path ("" for the program, "gitlab verify"), hidden ones included; `names` maps each name and alias to its command. */
export function helpTemplates(program: Command): HelpTemplates {
  const commands: HelpTemplates['commands'] = {};
  const visit = (command: Command, path: string[]) => {
    const names: Record<string, string> = {};
    for (const sub of command.commands) for (const name of [sub.name(), ...sub.aliases()]) names[name] = sub.name();
    commands[path.join(' ')] = { ...helpTemplate(command), names };
    for (const sub of command.commands) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  return { commands };
}

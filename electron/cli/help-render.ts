// Prints a command's help from its build-time template (help-template.ts) at the terminal's
// width, as commander's Help.formatItem and Help.boxWrap would: the same wrapping rules, tested
// against commander's own output at every width (help-render.test.ts).

export interface HelpTemplate {
  /** commander's formatHelp output, with \u0000N\u0000 for items[N] and \u0001N\u0001 for wraps[N]. */
  text: string;
  items: [term: string, termWidth: number, description: string][];
  wraps: string[];
}

export interface HelpTemplates {
  commands: Record<string, HelpTemplate & { names: Record<string, string> }>;
}

const MIN_WIDTH_TO_WRAP = 40;
const ITEM_INDENT = 2;
const SPACER = 2;

// The helper's colours are off (commander's defaults): a display width is a length.
const displayWidth = (text: string) => text.replace(/\x1b\[\d*(;\d*)*m/g, '').length;

function boxWrap(text: string, width: number): string {
  if (width < MIN_WIDTH_TO_WRAP) return text;
  const wrapped: string[] = [];
  for (const line of text.split(/\r\n|\n/)) {
    const chunks = line.match(/[\s]*[^\s]+/g);
    if (chunks === null) {
      wrapped.push('');
      continue;
    }
    let sum = [chunks.shift()!];
    let sumWidth = displayWidth(sum[0]!);
    for (const chunk of chunks) {
      const visible = displayWidth(chunk);
      if (sumWidth + visible <= width) {
        sum.push(chunk);
        sumWidth += visible;
        continue;
      }
      wrapped.push(sum.join(''));
      const next = chunk.trimStart();
      sum = [next];
      sumWidth = displayWidth(next);
    }
    wrapped.push(sum.join(''));
  }
  return wrapped.join('\n');
}

function formatItem(term: string, termWidth: number, description: string, helpWidth: number): string {
  const indent = ' '.repeat(ITEM_INDENT);
  if (!description) return indent + term;
  const padded = term.padEnd(termWidth + term.length - displayWidth(term));
  const remaining = helpWidth - termWidth - SPACER - ITEM_INDENT;
  const formatted =
    remaining < MIN_WIDTH_TO_WRAP || /\n[^\S\r\n]/.test(description) ? description : boxWrap(description, remaining).replace(/\n/g, `\n${' '.repeat(termWidth + SPACER)}`);
  return indent + padded + ' '.repeat(SPACER) + formatted.replace(/\n/g, `\n${indent}`);
}

/** The help text at this width (undefined: commander's default, 80). */
export function renderHelp(template: HelpTemplate, width: number | undefined): string {
  const helpWidth = width ?? 80;
  return template.text.replace(/\u0000(\d+)\u0000|\u0001(\d+)\u0001/g, (_match, item: string | undefined, wrap: string | undefined) => {
    if (item !== undefined) {
      const [term, termWidth, description] = template.items[Number(item)]!;
      return formatItem(term, termWidth, description, helpWidth);
    }
    return boxWrap(template.wraps[Number(wrap)]!, helpWidth);
  });
}

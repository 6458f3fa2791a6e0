// Prompts as cli.md specifies: hidden input on a terminal; otherwise each prompt takes the
// next line of standard input, in order (master password first, then a new password or secret).
import type readline from 'node:readline';
import { CliError, EXIT, type Prompter } from './context';

export function createPrompter(streams: () => { input: NodeJS.ReadStream; echo: NodeJS.WriteStream } = () => ({ input: process.stdin, echo: process.stderr })): Prompter {
  // Made at the first prompt: a command that never prompts (git-credential reads git's own
  // lines; run hands standard input to its child) must find standard input untouched. The
  // streams too are taken then: Node builds process.stdin and process.stderr when first read
  // (about 2 ms of CPU), which show and git's helper through the agent need not pay.
  let made: (Prompter & { close?(): void }) | null = null;
  return {
    secret: (label) => {
      if (!made) {
        const { input, echo } = streams();
        made = input.isTTY ? new TerminalPrompter(input, echo) : new LinePrompter(input);
      }
      return made.secret(label);
    },
    confirm: (question) => {
      const { input, echo } = streams();
      // A confirmation never comes without a terminal; don't start reading piped input for one.
      if (!input.isTTY) return Promise.resolve(null);
      made ??= new TerminalPrompter(input, echo);
      return made.confirm(question);
    },
    close: () => made?.close?.(),
  };
}

/** Reads piped standard input line by line, holding lines that arrive before they are asked for. */
class LinePrompter implements Prompter {
  private lines: string[] = [];
  private waiting: ((line: string | null) => void) | null = null;
  private ended = false;
  private readonly reader: readline.Interface;

  constructor(input: NodeJS.ReadableStream) {
    // Loaded here, at the first piped prompt: show and git's helper, which never prompt, skip it.
    const { createInterface } = process.getBuiltinModule('node:readline') as typeof readline;
    const reader = createInterface({ input, terminal: false, crlfDelay: Infinity });
    this.reader = reader;
    reader.on('line', (line) => {
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = null;
        resolve(line);
      } else {
        this.lines.push(line);
      }
    });
    reader.on('close', () => {
      this.ended = true;
      this.waiting?.(null);
      this.waiting = null;
    });
  }

  confirm(): Promise<null> {
    return Promise.resolve(null);
  }

  /** Stops reading standard input (a child process is about to take it over). */
  close(): void {
    this.reader.close();
  }

  async secret(label: string): Promise<string> {
    const line = this.lines.shift() ?? (this.ended ? null : await new Promise<string | null>((resolve) => (this.waiting = resolve)));
    if (line === null) throw new CliError(EXIT.usage, `Standard input ended before the ${label.toLowerCase()} was given.`);
    return line.replace(/\r$/, '');
  }
}

/** Raw-mode terminal input with no echo; Backspace edits, Ctrl-C aborts. */
class TerminalPrompter implements Prompter {
  constructor(
    private readonly input: NodeJS.ReadStream,
    private readonly echo: NodeJS.WriteStream,
  ) {}

  secret(label: string): Promise<string> {
    return this.readLine(`${label}: `, false);
  }

  async confirm(question: string): Promise<boolean> {
    const answer = await this.readLine(`${question} [y/N] `, true);
    return /^y(es)?$/i.test(answer.trim());
  }

  private readLine(label: string, echoTyped: boolean): Promise<string> {
    this.echo.write(label);
    return new Promise((resolve, reject) => {
      let typed = '';
      const finish = (error: CliError | null) => {
        this.input.setRawMode(false);
        this.input.pause();
        this.input.off('data', onData);
        this.echo.write('\n');
        if (error) reject(error);
        else resolve(typed);
      };
      const onData = (chunk: Buffer) => {
        for (const char of chunk.toString('utf8')) {
          if (char === '\r' || char === '\n') return finish(null);
          if (char === '\u0003') return finish(new CliError(130, 'Cancelled.'));
          if (char === '\u0004' && typed === '') return finish(new CliError(EXIT.usage, 'Cancelled.'));
          if (char === '\u007f' || char === '\b') {
            if (echoTyped && typed) this.echo.write('\b \b');
            typed = typed.slice(0, -1);
          } else if (char >= ' ') {
            typed += char;
            if (echoTyped) this.echo.write(char);
          }
        }
      };
      this.input.setRawMode(true);
      this.input.resume();
      this.input.on('data', onData);
    });
  }
}

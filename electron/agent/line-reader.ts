// Splits a byte stream into lines in time linear in its length: each chunk is scanned once,
// from where the last newline was, and an unfinished line is kept as chunks, not re-joined
// and re-scanned on every read (that cost a flood of newlines quadratic time). A line longer
// than `maxLine` bytes ends the reading: the caller closes the connection.

export interface LineSink {
  /** One whole line (without its newline). Return false to stop reading at once. */
  line(text: string): boolean;
  /** A line grew past the limit; nothing more is read. */
  tooLong(): void;
}

export class LineReader {
  private parts: Buffer[] = [];
  private length = 0;
  private stopped = false;

  constructor(
    private readonly maxLine: number,
    private readonly sink: LineSink,
  ) {}

  /** Whether part of a line has arrived and its newline not yet. */
  get partial(): boolean {
    return this.length > 0;
  }

  push(chunk: Buffer): void {
    let start = 0;
    while (!this.stopped) {
      const newline = chunk.indexOf(10, start);
      if (newline < 0) break;
      const piece = chunk.subarray(start, newline);
      start = newline + 1;
      if (!this.fits(piece.length)) return;
      const whole = this.length === 0 ? piece : Buffer.concat([...this.parts, piece]);
      this.parts = [];
      this.length = 0;
      if (!this.sink.line(whole.toString('utf8'))) this.stopped = true;
    }
    if (this.stopped || start >= chunk.length) return;
    const rest = chunk.subarray(start);
    if (!this.fits(rest.length)) return;
    this.parts.push(Buffer.from(rest)); // a copy: the chunk it came from can go
    this.length += rest.length;
  }

  private fits(more: number): boolean {
    if (this.length + more <= this.maxLine) return true;
    this.stopped = true;
    this.parts = [];
    this.length = 0;
    this.sink.tooLong();
    return false;
  }
}

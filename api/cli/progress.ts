/** Progress of long jobs on stderr, redrawn in place when stderr is a terminal and quiet otherwise. */
export class Progress {
  private last = 0;
  private readonly started = performance.now();
  constructor(
    private readonly label: string,
    private readonly total?: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number): void {
    if (!this.stream.isTTY) return;
    const now = performance.now();
    if (now - this.last < 200 && done !== this.total) return;
    this.last = now;
    const rate = done / ((now - this.started) / 1000);
    const pct = this.total ? ` ${((100 * done) / this.total).toFixed(1)}%` : '';
    this.stream.write(
      `\r${this.label}: ${done.toLocaleString('en')}${this.total ? `/${this.total.toLocaleString('en')}` : ''}${pct} (${Math.round(rate).toLocaleString('en')}/s)   `,
    );
  }

  /** Ends the line and returns the elapsed seconds. */
  done(): number {
    if (this.stream.isTTY) this.stream.write('\n');
    return (performance.now() - this.started) / 1000;
  }
}

/**
 * A one-line progress indicator on stderr, for long runs in a terminal. It appears only after the run
 * has taken a moment (so quick runs print nothing), updates at most ten times a second, and erases
 * itself at the end. The audit is synchronous, so updates come from its progress callback.
 */
export class Progress {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly enabled: boolean,
  ) {}

  update(phase: string, done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.started < 400 || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const percent = total > 0 ? Math.floor((done / total) * 100) : 0;
    this.write(`\r\u001b[2Kcairn: ${phase} ${done}/${total} (${percent}%)`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.write("\r\u001b[2K");
    this.drawn = false;
  }
}

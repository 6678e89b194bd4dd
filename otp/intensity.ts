// Restart intensity: a supervisor allows at most `intensity` restarts within any `period` seconds;
// one more and it gives up (OTP's add_restart: the restart times inside the window are kept).

export class RestartWindow {
  private times: number[] = [];
  private readonly periodMs: number;

  constructor(
    private readonly intensity: number,
    periodSeconds: number,
  ) {
    this.periodMs = periodSeconds * 1000;
  }

  /** Records a restart now; false when that makes more than `intensity` within the period (give up). */
  add(now: number = performance.now()): boolean {
    const threshold = now - this.periodMs;
    this.times = this.times.filter((t) => t >= threshold);
    this.times.push(now);
    return this.times.length <= this.intensity;
  }
}

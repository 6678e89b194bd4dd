// Restart intensity: a supervisor allows at most `intensity` restarts within any `period` seconds;
// one more and it gives up (OTP's add_restart: the restart times inside the window are kept).

export class RestartWindow {
  /** Restart times inside the window, oldest first; at most intensity + 1 are ever kept. */
  private readonly times: number[] = [];
  private readonly periodMs: number;

  constructor(
    private readonly intensity: number,
    periodSeconds: number,
  ) {
    this.periodMs = periodSeconds * 1000;
  }

  /** Records a restart now; false when that makes more than `intensity` within the period (give up). */
  add(now: number = performance.now()): boolean {
    const times = this.times;
    const threshold = now - this.periodMs;
    let old = 0;
    while (old < times.length && times[old]! < threshold) old++;
    if (old > 0) times.splice(0, old); // in place: a restart allocates nothing
    times.push(now);
    if (times.length > this.intensity + 1) times.shift();
    return times.length <= this.intensity;
  }
}

// `ts-otp run`'s report of a program that can never progress. Node emits "beforeExit" once its
// event loop is empty: no timer, socket or pending callback is left. If ts-otp processes are still
// alive then, nothing can ever wake them; rather than exit 0 silently, this prints which processes
// are blocked and in what (from each loaded runtime's stallReport) and sets exit status 1.
// Plain JavaScript with no runtime import: it reaches whichever runtime copies the program loaded
// (source or bundle) through the registry they put on globalThis.

/** The exit status of a program that stopped because it could not progress. */
export const EXIT_STALLED = 1;

process.on("beforeExit", () => {
  const runtimes = globalThis[Symbol.for("ts-otp/runtimes")] ?? [];
  const reports = runtimes.map((r) => r.stallReport()).filter((r) => r !== null);
  if (reports.length === 0) return;
  process.stderr.write(`${reports.join("\n")}\nExiting with status ${EXIT_STALLED}.\n`);
  // Only if the program chose no status of its own; nothing is scheduled, so Node exits next.
  if (!process.exitCode) process.exitCode = EXIT_STALLED;
});

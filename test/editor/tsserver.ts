// A real tsserver over its protocol, as an editor drives it: requests as JSON lines on stdin,
// responses and events as Content-Length frames on stdout. Used by the editor tests and by the
// latency bench; nothing here reaches into the plugin.

import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The tsservers the plugin supports: TypeScript 5.9 (`typescript`) and 6 (`typescript6`). */
export const TSSERVERS = {
  "5.9": path.join(REPO, "node_modules/typescript/lib/tsserver.js"),
  "6": path.join(REPO, "node_modules/typescript6/lib/tsserver.js"),
} as const;

export interface Message {
  seq: number;
  type: "response" | "event";
  command?: string;
  request_seq?: number;
  success?: boolean;
  message?: string;
  event?: string;
  body?: any;
}

export interface Diagnostic {
  start: { line: number; offset: number };
  end: { line: number; offset: number };
  text: string;
  code: number;
  category: string;
}

export class TsServer {
  private readonly proc: ChildProcessWithoutNullStreams;
  private seq = 0;
  private buffer = Buffer.alloc(0);
  private readonly waiting = new Map<number, (m: Message) => void>();
  private readonly events: Message[] = [];
  private readonly eventWaiters: (() => void)[] = [];
  stderr = "";

  /** Starts tsserver; `probe` is where it looks for plugins (a folder holding node_modules/ts-otp). */
  constructor(tsserver: string, probe: string, logFile?: string) {
    const args = [tsserver, "--disableAutomaticTypingAcquisition", "--pluginProbeLocations", probe];
    if (logFile !== undefined) args.push("--logVerbosity", "verbose", "--logFile", logFile);
    this.proc = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"] });
    this.proc.stdout.on("data", (chunk: Buffer) => this.read(chunk));
    this.proc.stderr.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const sep = this.buffer.indexOf("\r\n\r\n");
      if (sep < 0) return;
      const len = Number(/Content-Length: (\d+)/.exec(this.buffer.subarray(0, sep).toString())?.[1]);
      if (this.buffer.length < sep + 4 + len) return;
      const msg = JSON.parse(this.buffer.subarray(sep + 4, sep + 4 + len).toString()) as Message;
      this.buffer = this.buffer.subarray(sep + 4 + len);
      if (msg.type === "response" && msg.request_seq !== undefined) this.waiting.get(msg.request_seq)?.(msg);
      else {
        this.events.push(msg);
        this.eventWaiters.splice(0).forEach((w) => w());
      }
    }
  }

  private send(command: string, args: unknown): number {
    const seq = ++this.seq;
    this.proc.stdin.write(JSON.stringify({ seq, type: "request", command, arguments: args }) + "\n");
    return seq;
  }

  /** A request and its response body; throws with tsserver's message if it failed. */
  async request<T = any>(command: string, args: unknown, timeoutMs = 30_000): Promise<T> {
    const seq = this.send(command, args);
    const msg = await new Promise<Message>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`tsserver: no answer to ${command} in ${timeoutMs} ms\n${this.stderr}`)), timeoutMs);
      this.waiting.set(seq, (m) => {
        clearTimeout(t);
        resolve(m);
      });
    });
    this.waiting.delete(seq);
    if (!msg.success) throw new Error(`tsserver ${command} failed: ${msg.message}`);
    return msg.body as T;
  }

  /** A notification-style command (open, change, close): no response, in order with the rest. */
  notify(command: string, args: unknown): void {
    this.send(command, args);
  }

  open(file: string, fileContent?: string): void {
    this.notify("open", { file, fileContent, scriptKindName: "TS" });
  }

  /** Replaces the text from (line, offset) to (endLine, endOffset), all 1-based. */
  change(file: string, at: { line: number; offset: number }, end: { line: number; offset: number }, insertString: string): void {
    this.notify("change", { file, line: at.line, offset: at.offset, endLine: end.line, endOffset: end.offset, insertString });
  }

  /** The `geterr` round trip: every diagnostic of `file` (syntactic, semantic, suggestion). */
  async geterr(file: string, timeoutMs = 60_000): Promise<{ syntax: Diagnostic[]; semantic: Diagnostic[]; suggestion: Diagnostic[] }> {
    const seq = this.send("geterr", { files: [file], delay: 0 });
    const got: Record<string, Diagnostic[]> = {};
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let done = false;
      for (const e of this.events.splice(0)) {
        if ((e.event === "syntaxDiag" || e.event === "semanticDiag" || e.event === "suggestionDiag") && e.body.file === file) got[e.event] = e.body.diagnostics;
        if (e.event === "requestCompleted" && e.body.request_seq === seq) done = true;
      }
      if (done) return { syntax: got.syntaxDiag ?? [], semantic: got.semanticDiag ?? [], suggestion: got.suggestionDiag ?? [] };
      if (Date.now() > deadline) throw new Error(`tsserver: geterr did not complete\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 1000);
        this.eventWaiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    this.notify("exit", {});
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.proc.kill();
        resolve();
      }, 5000);
      this.proc.on("exit", () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}

export interface Project {
  dir: string;
  /** Absolute path of a project file. */
  file(name: string): string;
  dispose(): void;
}

/**
 * A throwaway project with the plugin enabled in its tsconfig, node_modules/ts-otp linking to this
 * repository (as an app that installed ts-otp sees it), and `files` written into it.
 */
export function pluginProject(files: Record<string, string>, plugins: object[] = [{ name: "ts-otp/language-service" }]): Project {
  const dir = mkdtempSync(path.join(tmpdir(), "ts-otp-editor-"));
  mkdirSync(path.join(dir, "node_modules"));
  const link = path.join(dir, "node_modules", "ts-otp");
  symlinkSync(REPO, link, "dir");
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2022", "DOM"], // the runtime's source uses timers and performance
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      types: [],
      // The runtime's types from this repository's source (a built package ships them in dist/).
      paths: { "ts-otp": [path.join(REPO, "runtime/index.ts")] },
      allowImportingTsExtensions: true,
      plugins,
    },
    include: ["*.ts"],
  };
  writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return {
    dir,
    file: (name) => path.join(dir, name),
    dispose() {
      unlinkSync(link); // first the link into the repository, then the folder
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** 1-based line and offset of the `nth` occurrence (0-based) of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, nth = 0, delta = 0): { line: number; offset: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`${JSON.stringify(needle)} occurs fewer than ${nth + 1} times`);
  }
  i += delta;
  const before = text.slice(0, i).split("\n");
  return { line: before.length, offset: before.at(-1)!.length + 1 };
}

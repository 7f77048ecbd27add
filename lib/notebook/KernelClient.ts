import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as zmq from "zeromq";
import { decodeMessage, encodeMessage, makeMessage, type JupyterMessage } from "./jupyterWire.js";
import { freePorts } from "./freePorts.js";

export interface KernelStartOptions {
  /** Command and arguments that start the kernel; `{connection_file}` is replaced. */
  argv: string[];
  /** Working directory of the kernel process. */
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the kernel's first reply, ms. */
  startTimeoutMs?: number;
  /**
   * `tcp` on loopback (default), or `ipc`: Unix sockets in the connection file's
   * folder (`{connection_dir}` in argv), for kernels in a network namespace of their own.
   */
  transport?: "tcp" | "ipc";
}

export type ExecuteStatus = "ok" | "error" | "timeout" | "died";

export interface ExecuteOutcome {
  status: ExecuteStatus;
  executionCount: number | null;
  /** For "died": how the process ended; for "timeout": whether the kernel survived the interrupt. */
  detail: string;
  elapsedMs: number;
}

export interface ExecuteOptions {
  /** Per-cell limit, ms. On expiry the kernel is interrupted (SIGINT), then killed. */
  timeoutMs: number;
  /** Called for every IOPub message whose parent is this request, in arrival order. */
  onIopub: (msg: JupyterMessage) => void;
  /** How long to wait for the kernel to answer an interrupt before killing it, ms. */
  interruptGraceMs?: number;
}

interface Pending {
  resolveReply: (msg: JupyterMessage) => void;
  resolveIdle: () => void;
  onIopub: (msg: JupyterMessage) => void;
}

// tslab cancels every request that reaches it within 200 ms after a failed cell
// (its TaskQueue.reset(200)); a request sent in that window comes back "abort".
const TSLAB_ABORT_WINDOW_MS = 250;

/**
 * A client of one Jupyter kernel process over the messaging protocol 5.3: shell and
 * control on DEALER sockets, IOPub on a SUB socket. Owns the process: `shutdown()`
 * (or the parent exiting) always leaves no kernel behind.
 */
export class KernelClient {
  private readonly shell = new zmq.Dealer({ linger: 0 });
  private readonly control = new zmq.Dealer({ linger: 0 });
  private readonly iopub = new zmq.Subscriber({ linger: 0 });
  private readonly session = randomUUID();
  private readonly pending = new Map<string, Pending>();
  private exitInfo: string | null = null;
  private readonly exitWaiters: Array<(why: string) => void> = [];
  private stderrTail = "";
  private closed = false;
  private iopubSeen = false;
  private lastFailureAt = 0;

  private constructor(
    private readonly proc: ChildProcess,
    private readonly key: string,
    private readonly dir: string,
  ) {}

  /** The kernel's own stderr (start-up failures, crashes), last 8 KB. */
  get kernelLog(): string {
    return this.stderrTail;
  }

  get alive(): boolean {
    return this.exitInfo === null;
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  static async start(opts: KernelStartOptions): Promise<KernelClient> {
    const dir = mkdtempSync(join(tmpdir(), "tinyml-kernel-"));
    const ipc = opts.transport === "ipc";
    // tslab binds `${transport}://${ip}:${port}`; for ipc that is the socket path "<dir>/k:<n>".
    const [shell, iopub, stdin, control, hb] = ipc ? [1, 2, 3, 4, 5] : await freePorts(5);
    const ip = ipc ? join(dir, "k") : "127.0.0.1";
    const transport = ipc ? "ipc" : "tcp";
    const key = randomUUID();
    const connPath = join(dir, "connection.json");
    writeFileSync(
      connPath,
      JSON.stringify({
        ip,
        transport,
        shell_port: shell,
        iopub_port: iopub,
        stdin_port: stdin,
        control_port: control,
        hb_port: hb,
        key,
        signature_scheme: "hmac-sha256",
        kernel_name: "tslab",
      }),
    );
    const argv = opts.argv.map((a) => a.replace("{connection_file}", connPath).replace("{connection_dir}", dir));
    const proc = spawn(argv[0], argv.slice(1), {
      cwd: opts.cwd,
      // Nothing here asks for hover help: the launcher may drop doc comments (bin/tslab-kernel.mjs).
      env: { ...(opts.env ?? process.env), TINYML_KERNEL_NO_DOCS: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group: whatever the kernel's code starts (a detached `sleep`, say) is killed with it.
      detached: true,
    });
    const client = new KernelClient(proc, key, dir);
    track(client);
    client.watchProcess();
    client.shell.connect(`${transport}://${ip}:${shell}`);
    client.control.connect(`${transport}://${ip}:${control}`);
    client.iopub.connect(`${transport}://${ip}:${iopub}`);
    client.iopub.subscribe();
    void client.readLoop(client.shell);
    void client.readLoop(client.iopub);
    void client.readLoop(client.control);
    try {
      await client.waitReady(opts.startTimeoutMs ?? 60_000);
    } catch (e) {
      await client.shutdown();
      throw e;
    }
    return client;
  }

  private watchProcess(): void {
    const keep = (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString("utf8")).slice(-8192);
    };
    this.proc.stderr?.on("data", keep);
    this.proc.stdout?.on("data", keep);
    this.proc.on("exit", (code, signal) => {
      this.exitInfo = signal ? `killed by ${signal}` : `exited with code ${code}`;
      for (const w of this.exitWaiters.splice(0)) w(this.exitInfo);
    });
    this.proc.on("error", (err) => {
      this.exitInfo = `could not start: ${err.message}`;
      for (const w of this.exitWaiters.splice(0)) w(this.exitInfo);
    });
  }

  private whenExited(): Promise<string> {
    if (this.exitInfo !== null) return Promise.resolve(this.exitInfo);
    return new Promise((r) => this.exitWaiters.push(r));
  }

  private async readLoop(sock: zmq.Dealer | zmq.Subscriber): Promise<void> {
    try {
      for await (const frames of sock) {
        let msg: JupyterMessage;
        try {
          msg = decodeMessage(frames, this.key);
        } catch {
          continue; // not ours or corrupt: never let it reach a cell's outputs
        }
        if (sock === this.iopub) this.iopubSeen = true;
        const parentId = msg.parent_header.msg_id;
        const p = parentId === undefined ? undefined : this.pending.get(parentId);
        if (p === undefined) continue;
        if (sock === this.iopub) {
          if (msg.header.msg_type === "status" && msg.content.execution_state === "idle") p.resolveIdle();
          else p.onIopub(msg);
        } else {
          p.resolveReply(msg);
        }
      }
    } catch {
      // socket closed during shutdown
    }
  }

  /** Sends one request and waits for its reply and its IOPub idle; rejects if the kernel dies. */
  private request(
    sock: zmq.Dealer,
    msgType: string,
    content: Record<string, unknown>,
    onIopub: (msg: JupyterMessage) => void = () => {},
  ): { id: string; reply: Promise<JupyterMessage>; idle: Promise<void> } {
    const msg = makeMessage(msgType, content, this.session);
    let resolveReply!: (m: JupyterMessage) => void;
    let resolveIdle!: () => void;
    const reply = new Promise<JupyterMessage>((r) => (resolveReply = r));
    const idle = new Promise<void>((r) => (resolveIdle = r));
    this.pending.set(msg.header.msg_id, { resolveReply, resolveIdle, onIopub });
    void sock.send(encodeMessage(msg, this.key)).catch(() => {});
    return { id: msg.header.msg_id, reply, idle };
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // The SUB socket joins late (ZeroMQ's slow-joiner): repeat kernel_info until IOPub
    // has delivered something, or the first cell's early output could be lost.
    while (Date.now() < deadline) {
      const { id, reply } = this.request(this.shell, "kernel_info_request", {});
      const left = deadline - Date.now();
      const got = await Promise.race([
        reply.then(() => "reply" as const),
        this.whenExited().then(() => "exit" as const),
        sleep(Math.min(left, this.iopubSeen ? left : 2000)).then(() => "wait" as const),
      ]);
      this.pending.delete(id);
      if (got === "exit") {
        throw new Error(`the kernel ${this.exitInfo} before it was ready${this.logHint()}`);
      }
      if (got === "reply") {
        // The request's busy/idle status usually lands with the reply; give it 50 ms.
        for (let i = 0; i < 10 && !this.iopubSeen; i++) await sleep(5);
        if (this.iopubSeen) return;
      }
    }
    throw new Error(`the kernel did not answer within ${Math.round(timeoutMs / 1000)} s${this.logHint()}`);
  }

  private logHint(): string {
    const tail = this.stderrTail.trim().split("\n").slice(-5).join("\n");
    return tail ? `; its last output:\n${tail}` : "";
  }

  /**
   * Executes `code`. Never throws for a cell's failure: the outcome says what happened.
   * Retries once a request that tslab aborted because it arrived inside its post-error window.
   */
  async execute(code: string, opts: ExecuteOptions): Promise<ExecuteOutcome> {
    const started = Date.now();
    if (!this.alive) {
      return { status: "died", executionCount: null, detail: `the kernel had ${this.exitInfo}`, elapsedMs: 0 };
    }
    const sinceFailure = Date.now() - this.lastFailureAt;
    if (sinceFailure < TSLAB_ABORT_WINDOW_MS) await sleep(TSLAB_ABORT_WINDOW_MS - sinceFailure);
    for (let attempt = 0; ; attempt++) {
      const { id, reply, idle } = this.request(
        this.shell,
        "execute_request",
        { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true },
        opts.onIopub,
      );
      const outcome = await this.awaitExecution(id, reply, idle, opts, started);
      if (outcome === "aborted" && attempt === 0) {
        await sleep(TSLAB_ABORT_WINDOW_MS);
        continue;
      }
      if (outcome === "aborted") {
        return { status: "error", executionCount: null, detail: "the kernel aborted the request", elapsedMs: Date.now() - started };
      }
      if (outcome.status !== "ok") this.lastFailureAt = Date.now();
      return outcome;
    }
  }

  private async awaitExecution(
    id: string,
    reply: Promise<JupyterMessage>,
    idle: Promise<void>,
    opts: ExecuteOptions,
    started: number,
  ): Promise<ExecuteOutcome | "aborted"> {
    const done = (status: ExecuteStatus, count: number | null, detail: string): ExecuteOutcome => {
      this.pending.delete(id);
      return { status, executionCount: count, detail, elapsedMs: Date.now() - started };
    };
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), opts.timeoutMs)));
    const first = await Promise.race([reply, this.whenExited().then(() => "exit" as const), timedOut]);
    clearTimeout(timer);
    if (first === "exit") return done("died", null, `the kernel ${this.exitInfo}`);
    if (first === "timeout") {
      this.interrupt();
      const grace = opts.interruptGraceMs ?? 3000;
      const after = await Promise.race([reply, this.whenExited().then(() => "exit" as const), sleep(grace).then(() => "hung" as const)]);
      if (after === "exit") return done("died", null, `the kernel ${this.exitInfo} after an interrupt`);
      if (after === "hung") {
        await this.kill();
        return done("timeout", null, `no answer to an interrupt within ${grace} ms: the kernel was killed`);
      }
      await Promise.race([idle, sleep(500)]);
      return done("timeout", (after.content.execution_count as number | undefined) ?? null, "interrupted; the kernel is still running");
    }
    // Outputs are published before the reply but may be delivered after it.
    await Promise.race([idle, sleep(2000), this.whenExited()]);
    const status = first.content.status;
    const count = (first.content.execution_count as number | undefined) ?? null;
    if (status === "abort" || status === "aborted") {
      this.pending.delete(id);
      return "aborted";
    }
    return done(status === "ok" ? "ok" : "error", count, String(status));
  }

  /** Interrupts the running cell. tslab's kernelspec uses signal mode: SIGINT. */
  interrupt(): void {
    if (this.alive && this.proc.pid !== undefined) this.proc.kill("SIGINT");
  }

  private async kill(): Promise<void> {
    // Descendants first: once the kernel is gone they are re-parented and no longer found below it.
    this.killGroup();
    if (this.alive) {
      this.proc.kill("SIGKILL");
      await Promise.race([this.whenExited(), sleep(5000)]);
    }
    this.killGroup();
  }

  /**
   * Kills every process the kernel started: its descendants while it lives (a child started
   * `detached` leaves the group but not the tree), then whatever is left in its process group.
   */
  private killGroup(): void {
    const pid = this.proc.pid;
    if (pid === undefined) return;
    for (const p of descendantsOf(pid)) {
      try {
        process.kill(p, "SIGKILL");
      } catch {
        // already gone
      }
    }
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // the group is already empty
    }
  }

  /** Asks the kernel to shut down, kills it if it does not, and frees sockets and files. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.killGroup();
    if (this.alive) {
      const { id, reply } = this.request(this.control, "shutdown_request", { restart: false });
      await Promise.race([reply, this.whenExited(), sleep(1000)]);
      this.pending.delete(id);
      if (this.alive) this.proc.kill("SIGTERM");
      await Promise.race([this.whenExited(), sleep(1000)]);
      await this.kill();
    }
    this.killGroup();
    for (const s of [this.shell, this.control, this.iopub]) s.close();
    rmSync(this.dir, { recursive: true, force: true });
    untrack(this);
  }

  /** Synchronous last resort for process exit handlers. */
  killNow(): void {
    this.killGroup();
    if (this.alive) this.proc.kill("SIGKILL");
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The processes below `root` in the process tree (Linux /proc; none elsewhere). */
function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((n) => /^\d+$/.test(n));
  } catch {
    return [];
  }
  for (const e of entries) {
    try {
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ")".
      const stat = readFileSync(`/proc/${e}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(e)]);
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  const todo = [root];
  while (todo.length > 0) for (const c of children.get(todo.pop() as number) ?? []) { out.push(c); todo.push(c); }
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

const liveKernels = new Set<KernelClient>();

function killAll(): void {
  for (const k of liveKernels) k.killNow();
}

function onSignal(sig: NodeJS.Signals): void {
  killAll();
  process.exit(sig === "SIGINT" ? 130 : 143);
}

// A runner that is interrupted or exits early must not leave kernels behind. The
// handlers exist only while kernels do, so importing this module never changes how
// the importing program reacts to Ctrl-C.
function track(k: KernelClient): void {
  if (liveKernels.size === 0) {
    process.on("exit", killAll);
    for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, onSignal);
  }
  liveKernels.add(k);
}

function untrack(k: KernelClient): void {
  if (!liveKernels.delete(k) || liveKernels.size > 0) return;
  process.off("exit", killAll);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.off(sig, onSignal);
}

import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { findJupyter } from "../../lib/cli/findJupyter.js";
import { freePorts } from "../../lib/notebook/freePorts.js";
import { requireTool } from "../support/requireTool.js";
import { ROOT, runCli } from "../support/runCli.js";
import { startBanner } from "../../lib/cli/startCommand.js";

async function waitFor<T>(what: string, ms: number, fn: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await fn().catch(() => null);
    if (v !== null) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Starts a tslab kernel through Jupyter's REST API and opens its websocket. */
async function openKernel(port: number, token: string): Promise<{ id: string; ws: WebSocket }> {
  const created = await fetch(`http://127.0.0.1:${port}/api/kernels?token=${token}`, { method: "POST", body: JSON.stringify({ name: "tslab" }) });
  assert.equal(created.status, 201);
  const { id } = (await created.json()) as { id: string };
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/kernels/${id}/channels?token=${token}`);
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  return { id, ws };
}

describe("tinyml start: the main job, end to end with Debian's Jupyter Notebook", function () {
  this.timeout(120_000);
  let server: ChildProcess | null = null;
  let log = "";
  let port = 0;
  let token = "";

  after(async () => {
    const s = server;
    if (s === null) return;
    if (s.exitCode === null) {
      const exited = new Promise((r) => s.once("exit", r));
      s.kill("SIGINT");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (s.exitCode === null) s.kill("SIGKILL");
    }
    s.stdout?.destroy();
    s.stderr?.destroy();
  });

  it("serves on loopback, lists the tslab kernel, and executes a cell over the websocket API", async function () {
    if (!requireTool(this, findJupyter() !== null, "Jupyter (classic Notebook or JupyterLab)", "sudo apt-get install jupyter-notebook")) return;
    [port] = await freePorts(1);
    token = randomUUID();
    server = spawn(process.execPath, [join(ROOT, "bin", "tinyml.mjs"), "start", "--no-browser", "--port", String(port), "--token", token], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (d: Buffer) => (log += d.toString()));
    server.stderr?.on("data", (d: Buffer) => (log += d.toString()));
    const base = `http://127.0.0.1:${port}`;
    const specs = await waitFor("the Jupyter server", 60_000, async () => {
      const r = await fetch(`${base}/api/kernelspecs?token=${token}`);
      return r.ok ? ((await r.json()) as { kernelspecs: Record<string, { spec: { argv: string[]; display_name: string } }> }) : null;
    }).catch((e: Error) => {
      throw new Error(`${e.message}\n${log}`);
    });
    assert.ok(specs.kernelspecs.tslab, `kernels listed: ${Object.keys(specs.kernelspecs).join(", ")}`);
    assert.ok(specs.kernelspecs.tslab.spec.argv.some((a) => a.endsWith("bin/tslab-kernel.mjs")), "the project's own kernel launcher is registered");

    const { id, ws } = await openKernel(port, token);
    const msgId = randomUUID();
    const outputs: string[] = [];
    const reply = new Promise<string>((resolve) => {
      ws.on("message", (raw: Buffer) => {
        const m = JSON.parse(raw.toString()) as { channel: string; msg_type: string; parent_header: { msg_id?: string }; content: { text?: string; status?: string } };
        if (m.parent_header.msg_id !== msgId) return;
        if (m.msg_type === "stream" && m.content.text !== undefined) outputs.push(m.content.text);
        if (m.msg_type === "execute_reply") resolve(m.content.status ?? "");
      });
    });
    ws.send(JSON.stringify({
      header: { msg_id: msgId, msg_type: "execute_request", session: randomUUID(), username: "test", version: "5.3", date: new Date().toISOString() },
      parent_header: {},
      metadata: {},
      content: { code: "const typed: number = 6 * 7;\nconsole.log(`answer ${typed}`)", silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true },
      channel: "shell",
    }));
    assert.equal(await reply, "ok");
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(outputs.join(""), "answer 42\n");
    ws.close();
    await fetch(`${base}/api/kernels/${id}?token=${token}`, { method: "DELETE" });
  });

  it("an interrupt from Jupyter stops a running fine-tune: one line, no stack trace, the CPU falls, the next cell runs at once", async function () {
    const s = server;
    if (s === null) return this.skip();
    const base = `http://127.0.0.1:${port}`;
    const { id, ws } = await openKernel(port, token);
    const session = randomUUID();
    /** Sends a cell; resolves with its reply status and everything it printed, and counts its display messages. */
    const run = (code: string, seen?: { displays: number }) => {
      const msgId = randomUUID();
      const text: string[] = [];
      const done = new Promise<{ status: string; text: string }>((resolve) => {
        ws.on("message", (raw: Buffer) => {
          const m = JSON.parse(raw.toString()) as { msg_type: string; parent_header: { msg_id?: string }; content: { text?: string; status?: string } };
          if (m.parent_header.msg_id !== msgId) return;
          if (m.msg_type === "stream" && m.content.text !== undefined) text.push(m.content.text);
          if ((m.msg_type === "display_data" || m.msg_type === "update_display_data") && seen !== undefined) seen.displays++;
          if (m.msg_type === "execute_reply") setTimeout(() => resolve({ status: m.content.status ?? "", text: text.join("") }), 200);
        });
      });
      ws.send(JSON.stringify({
        header: { msg_id: msgId, msg_type: "execute_request", session, username: "test", version: "5.3", date: new Date().toISOString() },
        parent_header: {}, metadata: {}, channel: "shell",
        content: { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true },
      }));
      return done;
    };
    const setup = await run([
      'import { tfReady } from "./lib/tf/tf.js";',
      'import { fineTune } from "./lib/compression/shared/fineTune.js";',
      'import { dsCnn } from "./lib/models/dsCnn.js";',
      'import { loadDataset } from "./lib/data/loadDataset.js";',
      "await tfReady();",
      'console.log("pid " + process.pid);',
    ].join("\n"));
    assert.equal(setup.status, "ok", setup.text);
    const pid = Number(/pid (\d+)/.exec(setup.text)?.[1]);
    /** CPU seconds the kernel used over `ms`. */
    const cpuOver = async (ms: number) => {
      const ticks = () => readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ").slice(11, 13).reduce((a, v) => a + Number(v), 0);
      const t0 = ticks();
      await new Promise((r) => setTimeout(r, ms));
      return (ticks() - t0) / 100;
    };
    const seen = { displays: 0 };
    const long = run([
      'const d = loadDataset("synthetic-keywords", { split: "train", limit: 256, seed: 1 });',
      "const m = dsCnn({ filters: 32 });",
      'const r = await fineTune(m, { x: d.x, shape: [d.labels.length, 49, 10, 1], labels: Int32Array.from(d.labels) }, { epochs: 200, label: "a long fine-tune" });',
    ].join("\n"), seen);
    await new Promise((r) => setTimeout(r, 4000));
    const busy = await cpuOver(1000);
    assert.ok(busy > 0.5, `the fine-tune should keep a core busy, used ${busy} s of CPU in 1 s`);
    assert.ok(seen.displays >= 2, `progress should reach the notebook while the fine-tune runs: ${seen.displays} display messages`);
    const asked = Date.now();
    const r = await fetch(`${base}/api/kernels/${id}/interrupt?token=${token}`, { method: "POST" });
    assert.equal(r.status, 204);
    const stopped = await long;
    assert.notEqual(stopped.status, "ok");
    assert.match(stopped.text, /Interrupted: the cell was stopped/);
    assert.doesNotMatch(stopped.text, /\n\s+at /, "no stack trace");
    await new Promise((res) => setTimeout(res, 1000 - Math.min(1000, Date.now() - asked)));
    const idle = await cpuOver(1500);
    assert.ok(idle < 0.3, `the fine-tune went on after the interrupt: ${idle} s of CPU in 1.5 s`);
    const t = Date.now();
    const next = await run('console.log("next cell")');
    assert.equal(next.status, "ok", next.text);
    assert.ok(Date.now() - t < 3000, `the next cell took ${Date.now() - t} ms`);
    ws.close();
    await fetch(`${base}/api/kernels/${id}?token=${token}`, { method: "DELETE" });
  });

  it("stops Jupyter and its kernels when tinyml start is interrupted (Ctrl-C)", async function () {
    const s = server;
    if (s === null) return this.skip();
    const exited = new Promise<number | null>((r) => s.once("exit", (code) => r(code)));
    s.kill("SIGINT");
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r("still running"), 20_000))]);
    assert.notEqual(code, "still running", `tinyml start ignored Ctrl-C:\n${log}`);
  });
});

describe("tinyml start: editions, mode and a taken port", function () {
  this.timeout(120_000);
  let busy: Server | null = null;
  let busyPort = 0;
  before(async () => {
    [busyPort] = await freePorts(1);
    const s = createServer();
    await new Promise<void>((r) => s.listen(busyPort, "127.0.0.1", () => r()));
    busy = s;
  });
  after(() => busy?.close());

  it("says which edition and which mode it opens", () => {
    assert.match(startBanner(ROOT, false).join("\n"), /^INSTRUCTOR EDITION: these notebooks contain the solutions[\s\S]*npm start -- --student[\s\S]*Mode: full\. For a quick run on a data subset: npm start -- --fast$/);
    const student = mkdtempSync(join(tmpdir(), "tinyml-student-root-"));
    assert.deepEqual(startBanner(student, true), ["Student edition: the exercises are yours to write.", "Mode: fast (TINYML_FAST=1): a data subset and short training. Full run: npm start"]);
  });

  it("a taken port: one line naming --port, exit code 1", async () => {
    const r = await runCli(["start", "--no-browser", "--port", String(busyPort)]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`error: port ${busyPort} is not available .*npm start -- --port ${busyPort + 1}`));
  });

  it("--student opens the student edition (made once in release/student, kept afterwards)", async () => {
    const r = await runCli(["start", "--student", "--no-browser", "--port", String(busyPort)]);
    assert.match(r.stdout, /(Made the student edition|Opening your student edition) in .*release\/student/);
    assert.match(r.stdout, /Student edition: the exercises are yours to write/);
    assert.match(readFileSync(join(ROOT, "release", "student", "notebooks", "01-pruning.ipynb"), "utf8"), /not implemented: magnitudeMask/);
    const again = await runCli(["start", "--student", "--no-browser", "--port", String(busyPort)]);
    assert.match(again.stdout, /Opening your student edition in .*release\/student \(delete that folder to start over/);
  });
});

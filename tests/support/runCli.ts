import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const ROOT = process.cwd();

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tinyml ARGS` as a user would (node bin/tinyml.mjs) and collects its output. */
export function runCli(args: string[], opts: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "bin", "tinyml.mjs"), ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`tinyml ${args.join(" ")} did not finish in ${opts.timeoutMs ?? 60000} ms\n${stdout}\n${stderr}`));
    }, opts.timeoutMs ?? 60000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** PIDs of running tslab kernels started through this project's launcher (from /proc). */
export function kernelPids(): Set<number> {
  const pids = new Set<number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmd.includes("tslab-kernel.mjs")) pids.add(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

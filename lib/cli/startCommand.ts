import { spawn } from "node:child_process";
import { existsSync, readdirSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { installKernelSpec } from "../notebook/installKernelSpec.js";
import { projectRoot } from "../projectRoot.js";
import { findJupyter, JUPYTER_INSTALL_HELP, type JupyterFrontEnd } from "./findJupyter.js";
import { runNotebooksCommand } from "./runNotebooksCommand.js";
import { serveDirectory } from "./serveDirectory.js";
import { LABS } from "../../grading/labs/labRegistry.js";
import { releaseCourse } from "../../grading/releaseCourse.js";

export interface StartOptions {
  port: number;
  browser: boolean;
  /** Jupyter server token; empty string lets Jupyter make one. */
  token: string;
  /** Skip Jupyter and use the project's own runner and HTML server. */
  runnerOnly: boolean;
  /** TINYML_FAST=1 for every kernel: a data subset and short training. */
  fast?: boolean;
  /** In the instructor's repository: open the student edition (release/student, made once) instead of the masters. */
  student?: boolean;
}

/** Why the port cannot be used, or null: Jupyter's own message for a taken port does not say how to pick another. */
async function portProblem(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", (e: NodeJS.ErrnoException) =>
      resolve(e.code === "EADDRINUSE" ? `port ${port} is not available (another Jupyter or server is using it): choose another with \`npm start -- --port ${port + 1}\`` : `port ${port}: ${e.message}`));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(null)));
  });
}

/** The first lines `npm start` prints about the edition and the mode, so nobody opens the solutions by mistake. */
export function startBanner(root: string, fast: boolean): string[] {
  const lines: string[] = [];
  if (existsSync(join(root, "grading", "hidden"))) {
    lines.push(
      "INSTRUCTOR EDITION: these notebooks contain the solutions and this repository the hidden cases.",
      "  Students get the course without them: npx tinyml release --all --out student-course",
      "  Learning on your own? npm start -- --student opens the exercises; the masters stay one command away (npm start).",
    );
  } else lines.push("Student edition: the exercises are yours to write.");
  lines.push(fast ? "Mode: fast (TINYML_FAST=1): a data subset and short training. Full run: npm start" : "Mode: full. For a quick run on a data subset: npm start -- --fast");
  return lines;
}

/**
 * The student edition inside the instructor's repository, at `<root>/release/student`: made
 * once (later runs keep the student's work in it) with node_modules linked to the project's.
 */
export function studentEdition(root: string): { dir: string; made: boolean } {
  const dir = join(root, "release", "student");
  if (existsSync(join(dir, "package.json"))) return { dir, made: false };
  releaseCourse(Object.values(LABS), dir, root);
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  return { dir, made: true };
}

function jupyterArgs(fe: JupyterFrontEnd, notebooks: string, o: StartOptions): string[] {
  const app = fe.kind === "lab" ? "ServerApp" : "NotebookApp";
  const args = [
    fe.kind === "lab" ? `--ServerApp.root_dir=${notebooks}` : `--notebook-dir=${notebooks}`,
    `--${app}.ip=127.0.0.1`,
    `--${app}.port=${o.port}`,
    `--${app}.port_retries=0`,
  ];
  if (o.token !== "") args.push(`--${app}.token=${o.token}`);
  if (!o.browser) args.push("--no-browser");
  // Jupyter refuses to start as root without it; this project's machines run as root.
  if (process.getuid?.() === 0) args.push("--allow-root");
  return args;
}

/**
 * `npm start`: registers the project's tslab kernel in `<root>/.jupyter` (put on
 * JUPYTER_PATH for the server only, so nothing global changes) and opens the course's
 * notebooks in JupyterLab or the classic Notebook. Without Jupyter it says how to get
 * it, executes the labs with the project's runner and serves their HTML. Resolves with
 * the exit code when the server stops.
 */
export async function startCommand(o: StartOptions): Promise<number> {
  const root = projectRoot();
  if (o.student === true && existsSync(join(root, "grading", "hidden"))) {
    const { dir, made } = studentEdition(root);
    console.log(made ? `Made the student edition in ${dir}` : `Opening your student edition in ${dir} (delete that folder to start over from fresh stubs)`);
    const args = [join(dir, "bin", "tinyml.mjs"), "start", "--port", String(o.port), ...(o.browser ? [] : ["--no-browser"]),
      ...(o.token === "" ? [] : ["--token", o.token]), ...(o.runnerOnly ? ["--runner-only"] : []), ...(o.fast === true ? ["--fast"] : [])];
    const child = spawn(process.execPath, args, { cwd: dir, stdio: "inherit", env: { ...process.env, TINYML_ROOT: dir } });
    for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
    return new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 0)));
  }
  for (const line of startBanner(root, o.fast === true)) console.log(line);
  const problem = await portProblem(o.port);
  if (problem !== null) {
    console.error(`error: ${problem}`);
    return 1;
  }
  if (o.fast === true) process.env.TINYML_FAST = "1";
  const jupyterPath = join(root, ".jupyter");
  const spec = installKernelSpec(jupyterPath);
  console.log(`Registered the tslab kernel in ${spec}`);
  const notebooks = join(root, "notebooks");
  const fe = o.runnerOnly ? null : findJupyter();
  if (fe !== null) {
    console.log(`Starting Jupyter ${fe.kind === "lab" ? "Lab" : "Notebook"} ${fe.version} on http://127.0.0.1:${o.port}/`);
    const env = { ...process.env, JUPYTER_PATH: [jupyterPath, process.env.JUPYTER_PATH].filter(Boolean).join(":") };
    const child = spawn(fe.argv[0], [...fe.argv.slice(1), ...jupyterArgs(fe, notebooks, o)], { env, stdio: "inherit" });
    // SIGTERM, whatever we received: on SIGINT the classic Notebook asks "Shutdown this
    // notebook server (y/[n])?" and, with nobody to answer, keeps running.
    for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill("SIGTERM"));
    return new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 0)));
  }
  if (!o.runnerOnly) console.log(JUPYTER_INSTALL_HELP + "\n\nMeanwhile, running the labs with the project's own runner.");
  const out = join(root, ".cache", "executed");
  const labs = readdirSync(notebooks).filter((f) => f.endsWith(".ipynb")).sort().map((f) => join(notebooks, f));
  const summary = await runNotebooksCommand(labs, { out, timeout: 600, allowErrors: true, progress: true });
  for (const p of summary.problems) console.error(p);
  const server = await serveDirectory(out, o.port, "TinyML.ts labs");
  console.log(`The labs are at http://127.0.0.1:${o.port}/ (Ctrl-C to stop)`);
  return new Promise((resolve) => {
    for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => server.close(() => resolve(0)));
  });
}

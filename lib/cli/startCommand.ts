import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { installKernelSpec } from "../notebook/installKernelSpec.js";
import { projectRoot } from "../projectRoot.js";
import { findJupyter, JUPYTER_INSTALL_HELP, type JupyterFrontEnd } from "./findJupyter.js";
import { runNotebooksCommand } from "./runNotebooksCommand.js";
import { serveDirectory } from "./serveDirectory.js";

export interface StartOptions {
  port: number;
  browser: boolean;
  /** Jupyter server token; empty string lets Jupyter make one. */
  token: string;
  /** Skip Jupyter and use the project's own runner and HTML server. */
  runnerOnly: boolean;
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

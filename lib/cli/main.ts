import { resolve } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { installKernelSpec } from "../notebook/installKernelSpec.js";
import { projectRoot } from "../projectRoot.js";
import { dataFetch, dataList } from "./dataCommand.js";
import { runNotebooksCommand } from "./runNotebooksCommand.js";
import { startCommand } from "./startCommand.js";

function positiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number");
  return n;
}

const program = new Command("tinyml")
  .description("TinyML.ts: the course's command line")
  .showHelpAfterError();

program
  .command("start")
  .description("open the course in Jupyter with the project's tslab kernel (or run and serve the labs without Jupyter)")
  .option("--port <n>", "port on 127.0.0.1", positiveNumber, 8888)
  .option("--no-browser", "do not open a browser")
  .option("--token <t>", "Jupyter server token (default: Jupyter makes one)", "")
  .option("--runner-only", "skip Jupyter: execute the labs and serve their HTML")
  .action(async (o: { port: number; browser: boolean; token: string; runnerOnly?: boolean }) => {
    process.exitCode = await startCommand({ port: o.port, browser: o.browser, token: o.token, runnerOnly: o.runnerOnly === true });
  });

program
  .command("run")
  .description("execute notebooks on the tslab kernel; writes the executed .ipynb and an HTML page for each")
  .argument("<notebooks...>", ".ipynb files")
  .option("--out <dir>", "output folder", "executed")
  .option("--timeout <s>", "per-cell limit in seconds", positiveNumber, 300)
  .option("--allow-errors", "keep going after a failed cell", false)
  .action(async (paths: string[], o: { out: string; timeout: number; allowErrors: boolean }) => {
    const summary = await runNotebooksCommand(paths.map((p) => resolve(p)), { ...o, out: resolve(o.out), progress: true });
    for (const w of summary.written) console.log(`wrote ${w.ipynb} and ${w.html}`);
    for (const p of summary.problems) console.error(p);
    const ran = summary.results.reduce((n, r) => n + r.executed, 0);
    console.log(`${summary.results.length} notebook(s), ${ran} cell(s) executed, ${summary.problems.length} problem(s)`);
    if (summary.problems.length > 0) process.exitCode = 1;
  });

program
  .command("kernel")
  .description("manage the tslab kernel registration")
  .command("install")
  .description("register the project's tslab kernel in <project>/.jupyter (use with JUPYTER_PATH=<project>/.jupyter)")
  .action(() => {
    const path = installKernelSpec(resolve(projectRoot(), ".jupyter"));
    console.log(`wrote ${path}\nJupyter finds it with: export JUPYTER_PATH=${resolve(projectRoot(), ".jupyter")}`);
  });

const data = program.command("data").description("datasets: the shipped ones and opt-in downloads of the canonical ones");
data
  .command("list")
  .description("list shipped and downloadable datasets")
  .action(() => dataList());
data
  .command("fetch")
  .description("download, verify (checksum) and convert a canonical dataset into the cache (TINYML_DATA); resumes")
  .argument("<name>", "mnist, fashion-mnist, cifar10, speech-commands or vww")
  .action(async (name: string) => {
    process.exitCode = await dataFetch(name);
  });

await program.parseAsync(process.argv);

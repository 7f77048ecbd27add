import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { clearOutputs } from "../notebook/clearOutputs.js";
import { Command, InvalidArgumentError } from "commander";
import { installKernelSpec } from "../notebook/installKernelSpec.js";
import { projectRoot } from "../projectRoot.js";
import { dataFetch, dataList } from "./dataCommand.js";
import { runNotebooksCommand } from "./runNotebooksCommand.js";
import { startCommand } from "./startCommand.js";
import { DatasetError } from "../data/datasetManifest.js";
import { NpyError } from "../data/npyFile.js";
import { VWW_DEFAULT_PER_CLASS, VWW_MAX_PER_CLASS } from "../data/convertVww.js";
import { GraphError } from "../ir/GraphError.js";
import { THIRD_PARTY_MODELS, fetchThirdPartyModels, findThirdPartyModel } from "../data/thirdPartyModels.js";
import { inferCommand, inspectCommand } from "./modelCommands.js";
import { convertCommand } from "./convertCommand.js";
import { deployCommand } from "./deployCommand.js";
import { simCommand } from "./simCommand.js";
import { DeviceFileError } from "../hwsim/readDeviceFile.js";
import { DeployError } from "../deploy/runProject.js";
import { GradeInputError } from "../../grading/gradeClass.js";
import { SolutionRegionError } from "../../grading/solutionRegions.js";
import { NotebookFormatError } from "../notebook/notebookFormat.js";
import { gradeCommand, gradescopeCommand, gradescopeRunCommand, releaseCommand } from "./gradeCommands.js";

/** A repeatable option's values in the order given. */
function collect(v: string, previous: string[]): string[] {
  return [...previous, v];
}

function positiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number");
  return n;
}

function wholeNumber(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("expected a whole number above 0");
  return n;
}

// `tinyml inspect M | head` closes stdout early; that is not an error
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

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
  .option("--fast", "TINYML_FAST=1 for every lab: a data subset and short training")
  .option("--student", "in the instructor's repository: open the student edition (release/student) instead of the masters")
  .action(async (o: { port: number; browser: boolean; token: string; runnerOnly?: boolean; fast?: boolean; student?: boolean }) => {
    process.exitCode = await startCommand({ port: o.port, browser: o.browser, token: o.token, runnerOnly: o.runnerOnly === true, fast: o.fast === true, student: o.student === true });
  });

program
  .command("run")
  .description("execute notebooks on the tslab kernel; writes the executed .ipynb and an HTML page for each")
  .argument("<notebooks...>", ".ipynb files")
  .option("--out <dir>", "output folder", "executed")
  .option("--timeout <s>", "per-cell limit in seconds", positiveNumber, 300)
  .option("--allow-errors", "keep going after a failed cell", false)
  .option("--jobs <n>", "notebooks run at once, each in its own kernel (one per core at most pays)", wholeNumber, 1)
  .action(async (paths: string[], o: { out: string; timeout: number; allowErrors: boolean; jobs: number }) => {
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
  .option("--per-class <n>", `vww only: images kept per class (default ${VWW_DEFAULT_PER_CLASS}, at most ${VWW_MAX_PER_CLASS})`, wholeNumber)
  .action(async (name: string, o: { perClass?: number }) => {
    process.exitCode = await dataFetch(name, o.perClass);
  });

/**
 * Run a model command: print its report, or one line for a bad model, file,
 * dataset or build, and exit code 1 (also when the report says it failed).
 */
async function modelAction(run: () => string | { report: string; ok: boolean } | Promise<string | { report: string; ok: boolean }>): Promise<void> {
  try {
    const r = await run();
    console.log(typeof r === "string" ? r : r.report);
    if (typeof r !== "string" && !r.ok) process.exitCode = 1;
  } catch (e) {
    if (!(e instanceof GraphError) && !(e instanceof NpyError) && !(e instanceof DatasetError) && !(e instanceof DeployError) && !(e instanceof DeviceFileError)) throw e;
    console.error(`error: ${e.message}`);
    process.exitCode = 1;
  }
}

program
  .command("inspect")
  .description("show a .tflite model's operators, tensors, parameters, MACs and quantization")
  .argument("<model>", ".tflite file")
  .option("--json", "print JSON instead of tables", false)
  .action((model: string, o: { json: boolean }) => modelAction(() => inspectCommand(model, o)));

program
  .command("infer")
  .description("run a .tflite model on the reference interpreter: NumPy .npy in, .npy out (a leading batch dimension is allowed)")
  .argument("<model>", ".tflite file")
  .requiredOption("--input <file>", "input .npy: int8, uint8 (shifted by -128) or float32 (quantized with the input's scale); repeat it once per model input, in order, or give one .npz (arrays named after the inputs, or one per input in order)", collect, [])
  .requiredOption("--output <file>", "output .npy; repeat it once per model output, in order, or give one .npz for all of them (named after the output tensors)", collect, [])
  .option("--dequantize", "write float32 outputs (scale * (q - zero point)) instead of int8", false)
  .action((model: string, o: { input: string[]; output: string[]; dequantize: boolean }) =>
    modelAction(() => inferCommand(model, o.input, o.output, o)));

program
  .command("convert")
  .description("convert a tfjs Layers model to an int8 .tflite: BN folding, fused activations, post-training quantization")
  .argument("<model>", "a saved model folder (model.json + weights.bin) or a shipped model name, e.g. ds-cnn-kws")
  .requiredOption("--data <name>", "dataset whose train split calibrates the activation ranges (e.g. synthetic-keywords)")
  .requiredOption("--out <file>", "int8 .tflite to write")
  .option("--samples <n>", "calibration samples", positiveNumber, 200)
  .option("--method <m>", "activation ranges: minmax or percentile", "minmax")
  .option("--percentile <p>", "for --method percentile, in (50, 100]", positiveNumber, 99.99)
  .option("--per-tensor", "one scale per conv filter instead of per output channel", false)
  .option("--float-io", "keep float32 input and output (adds QUANTIZE / DEQUANTIZE)", false)
  .option("--float-out <file>", "also write the float32 graph as a .tflite")
  .option("--evaluate", "print float32 and int8 top-1 accuracy on the dataset's test split", false)
  .option("--debug <n>", "compare the float and int8 graphs layer by layer on n test samples (SNR, RMSE over the output scale, max error, clipping) and name the layers that lose most, with a fix to try", positiveNumber)
  .action((model: string, o: Parameters<typeof convertCommand>[1]) => modelAction(() => convertCommand(model, o)));

program
  .command("deploy")
  .description("generate a C project for a model; with --run, build and run it (QEMU for m3/m4/m7) and check it against the interpreter")
  .argument("<model>", "a .tflite file, a saved tfjs model folder, or a shipped model name (converted to int8 first)")
  .requiredOption("--target <t>", "host, m3 (mps2-an385), m4 (mps2-an386), m7 (mps2-an500), or arduino (a library for the Nano 33 BLE Sense, and its zip)")
  .requiredOption("--out <dir>", "folder for the C project")
  .option("--run", "build, run, verify and print per-layer counts", false)
  .option("--samples <n>", "seeded random int8 inputs to embed and verify", positiveNumber, 3)
  .option("--data <name>", "dataset that calibrates a tfjs model's conversion", "synthetic-keywords")
  .option("--kernels <set>", "reference (scalar C), simd (SMLAD/SXTB16; M4, M7, or emulated on the host) or cmsis-nn (Arm's CMSIS-NN, from $TINYML_CMSIS_NN or ../shared/peers); default: simd on m4/m7, reference on host/m3")
  .option("--planner <p>", "arena layout: greedy (TFLite Micro's greedy by size), linear (no reuse), inplace-depthwise (stride-1 depthwise layers overwrite their input) patch (the first stage runs patch by patch, MCUNetV2) or patch-inplace (both)", "greedy")
  .option("--dump <dir>", "with --run: write every layer's output of the first sample to DIR (layer-K.bin, dump.html) and report the first layer that differs from the interpreter")
  .action((model: string, o: Parameters<typeof deployCommand>[1]) => modelAction(() => deployCommand(model, o)));

program
  .command("sim")
  .description("simulate a model on a microcontroller: per-layer cycles and ms, peak SRAM, flash, energy, and whether it fits")
  .argument("<model>", "a .tflite file, a saved tfjs model folder, or a shipped model name (converted to int8 first)")
  .requiredOption("--device <name>", "a catalog device id, e.g. nucleo-l4r5zi, stm32f746-disco (see lib/hwsim/deviceCatalog.ts)")
  .option("--kernels <set>", "reference, simd, or cmsis-nn (Arm's CMSIS-NN, M4 and M7 only); default simd where the core has the DSP extension")
  .option("--planner <p>", "arena planner: linear, greedy, inplace-depthwise, patch (MCUNetV2 patch-based first stage) or patch-inplace (both)", "greedy")
  .option("--devices <file>", "a JSON file of extra devices")
  .option("--json", "print the report as JSON", false)
  .option("--html <file>", "also write an offline HTML page with the report, per-layer latency and the arena timeline")
  .option("--data <name>", "dataset that calibrates a tfjs model's conversion", "synthetic-keywords")
  .action((model: string, o: Parameters<typeof simCommand>[1]) => modelAction(async () => ({ report: await simCommand(model, o), ok: true })));

program
  .command("release")
  .description("make the student version of a lab (--lab) or of the whole course (--all): solutions become stubs, other cells are locked, hidden checks stay behind")
  .option("--lab <nn>", "lab number, e.g. 00")
  .option("--all", "the standalone student course: every lab, its own package.json and README (npm install && npm start in it)")
  .requiredOption("--out <dir>", "where to write the student tree")
  .action((o: { lab?: string; all?: boolean; out: string }) => gradingAction(async () => [releaseCommand(o)]));

program
  .command("grade")
  .description("grade submissions: Gradescope results.json and feedback.html per student, gradebook.csv, summary.html (the capstone, --lab 06, also leaderboard.html)")
  .argument("<submissions...>", ".ipynb files, or folders of them (the file name is the student id); for --lab 06, .tflite files or folders holding capstone.tflite")
  .requiredOption("--lab <nn>", "lab number, e.g. 00")
  .requiredOption("--out <dir>", "output folder")
  .option("--jobs <n>", "submissions graded in parallel", positiveNumber, 2)
  .option("--timeout <s>", "limit per answer cell and per exercise call, seconds (the course's own cells get at least 60)", positiveNumber, 30)
  .option("--sandbox", "the default: each kernel under bubblewrap (no files outside its folder, no network); kept for old scripts", true)
  .option("--unsafe-no-sandbox", "run submissions without bubblewrap, with your permissions (trusted notebooks only)", false)
  .option("--force", "grade again submissions that already have results", false)
  .action((paths: string[], o: Parameters<typeof gradeCommand>[1]) => gradingAction(() => gradeCommand(paths, o)));

program
  .command("clean-notebooks")
  .description("clear outputs and execution counts (what Jupyter's autosave writes) so notebooks are committed clean")
  .argument("[notebooks...]", ".ipynb files; default: notebooks/*.ipynb")
  .action((files: string[]) => {
    const list = files.length > 0 ? files : readdirSync(join(projectRoot(), "notebooks")).filter((f) => f.endsWith(".ipynb")).sort().map((f) => join(projectRoot(), "notebooks", f));
    try {
      for (const f of list) {
        const n = clearOutputs(f);
        console.log(n === 0 ? `${f}: clean` : `${f}: cleared ${n} cell(s)`);
      }
    } catch (e) {
      if (!(e instanceof NotebookFormatError)) throw e;
      console.error(`error: ${e.message}`);
      process.exitCode = 1;
    }
  });

program
  .command("gradescope")
  .description("build a lab's Gradescope autograder zip (setup.sh, run_autograder, the course with this lab's hidden cases)")
  .requiredOption("--lab <nn>", "lab number, e.g. 00")
  .requiredOption("--out <zip>", "the zip to write, e.g. autograder.zip")
  .action((o: { lab: string; out: string }) => gradingAction(() => gradescopeCommand(o)));

program
  .command("gradescope-run", { hidden: true })
  .description("grade a Gradescope submission folder into results.json (called by the autograder zip's run_autograder)")
  .requiredOption("--lab <nn>", "lab number, e.g. 00")
  .requiredOption("--submission <dir>", "the uploaded files, e.g. /autograder/submission")
  .requiredOption("--results <file>", "e.g. /autograder/results/results.json")
  .option("--timeout <s>", "limit per answer cell and per exercise call, seconds (the course's own cells get at least 60)", positiveNumber, 60)
  .action((o: Parameters<typeof gradescopeRunCommand>[0]) => gradingAction(() => gradescopeRunCommand(o)));

async function gradingAction(fn: () => Promise<string[]>): Promise<void> {
  try {
    for (const line of await fn()) console.log(line);
  } catch (e) {
    if (!(e instanceof GradeInputError || e instanceof SolutionRegionError || e instanceof NotebookFormatError)) throw e;
    console.error(`error: ${e.message}`);
    process.exitCode = 1;
  }
}

const models = program.command("models").description("the third-party .tflite models the tests and benchmarks use (MLPerf Tiny, TFLite Micro)");
models
  .command("list")
  .description("list them and where each is found")
  .action(() => {
    for (const m of THIRD_PARTY_MODELS) console.log(`${m.name.padEnd(30)} ${findThirdPartyModel(m.name) ?? "missing"}\n${"".padEnd(30)} ${m.description}; ${m.licence}`);
  });
models
  .command("fetch")
  .description(`download the missing ones from their public sources into ${"$"}TINYML_DATA/models, checking each SHA-256`)
  .action(async () => {
    try {
      const paths = await fetchThirdPartyModels((name) => { console.error(`downloading ${name}`); return undefined; });
      for (const p of paths) console.log(p);
    } catch (e) {
      if (!(e instanceof DatasetError)) throw e;
      console.error(`error: ${e.message}`);
      process.exitCode = 1;
    }
  });

await program.parseAsync(process.argv);

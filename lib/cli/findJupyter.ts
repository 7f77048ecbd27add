import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export interface JupyterFrontEnd {
  kind: "lab" | "notebook";
  /** Command to launch it, before the project's options. */
  argv: string[];
  version: string;
}

function works(argv: string[]): string | null {
  const r = spawnSync(argv[0], [...argv.slice(1), "--version"], { encoding: "utf8", timeout: 20_000 });
  if (r.error !== undefined || r.status !== 0) return null;
  return (r.stdout.trim().split("\n").pop() ?? "").trim();
}

/**
 * Finds JupyterLab, else the classic Notebook. Debian's /usr/bin entries are tried
 * explicitly because a pyenv shim earlier on PATH answers to `jupyter` but may have no
 * Jupyter behind it.
 */
export function findJupyter(): JupyterFrontEnd | null {
  const candidates: Array<{ kind: "lab" | "notebook"; argv: string[] }> = [
    { kind: "lab", argv: ["jupyter-lab"] },
    { kind: "lab", argv: ["jupyter", "lab"] },
    { kind: "notebook", argv: ["jupyter-notebook"] },
    { kind: "notebook", argv: ["jupyter", "notebook"] },
  ];
  for (const bin of ["/usr/bin/jupyter-lab", "/usr/bin/jupyter-notebook"]) {
    if (existsSync(bin)) candidates.push({ kind: bin.endsWith("lab") ? "lab" : "notebook", argv: [bin] });
  }
  for (const c of candidates) {
    const version = works(c.argv);
    if (version !== null) return { ...c, version };
  }
  return null;
}

/** What to type to get Jupyter, for the message shown when none is found. */
export const JUPYTER_INSTALL_HELP = [
  "Jupyter was not found. Install one of:",
  "  Debian/Ubuntu (classic Notebook):  sudo apt-get install jupyter-notebook",
  "  JupyterLab with pip:               python3 -m pip install --user jupyterlab",
  "then run `npm start` again.",
].join("\n");

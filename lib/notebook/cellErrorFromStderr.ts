import type { ErrorOutput, Output } from "./notebookFormat.js";
import { joinSource } from "./notebookFormat.js";

 
const ANSI = /\u001b\[[0-9;]*m/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/**
 * tslab reports a failed cell with a non-ok reply and the message on stderr, never
 * with an `error` message. This rebuilds an nbformat error output from that stderr:
 * TypeScript diagnostics look like "3:7 - Type 'string' is not assignable...", thrown
 * errors end in a Node stack whose first "Name: message" line names them.
 */
export function cellErrorFromStderr(outputs: Output[]): ErrorOutput {
  const stderr = stripAnsi(
    outputs
      .filter((o) => o.output_type === "stream" && o.name === "stderr")
      .map((o) => (o.output_type === "stream" ? joinSource(o.text) : ""))
      .join(""),
  );
  const lines = stderr.split("\n").filter((l) => l.trim() !== "");
  const diag = lines.find((l) => /^(\S+ )?\d+:\d+ - /.test(l));
  if (diag !== undefined) {
    const m = /^(?:\S+ )?(\d+):(\d+) - (.*)$/.exec(diag);
    return {
      output_type: "error",
      ename: "TypeScriptError",
      evalue: m ? `line ${m[1]}, column ${m[2]}: ${m[3]}` : diag,
      traceback: lines,
    };
  }
  const thrown = lines.find((l) => /^[A-Za-z_$][\w$]*(Error|Exception)?: /.test(l) && !/^\s*at /.test(l));
  if (thrown !== undefined) {
    const i = thrown.indexOf(": ");
    return { output_type: "error", ename: thrown.slice(0, i), evalue: thrown.slice(i + 2), traceback: lines };
  }
  const first = lines.find((l) => !/^\s*at /.test(l) && !/^evalmachine/.test(l));
  return { output_type: "error", ename: "Error", evalue: first ?? "the cell failed with no message", traceback: lines };
}

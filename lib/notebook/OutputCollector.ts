import type { JupyterMessage } from "./jupyterWire.js";
import type { DisplayDataOutput, ErrorOutput, ExecuteResultOutput, MimeBundle, Output } from "./notebookFormat.js";
import { joinSource } from "./notebookFormat.js";

type Bundle = { data: MimeBundle; metadata: Record<string, unknown> };

/**
 * Turns the IOPub messages of a notebook's cells into nbformat outputs. One collector
 * lives for a whole notebook because `update_display_data` may update a display
 * created by an earlier cell (a progress bar, a live plot).
 */
export class OutputCollector {
  private readonly displays = new Map<string, Bundle[]>();
  private pendingClear = false;

  /** Adds one IOPub message to `outputs` (the current cell's list, changed in place). */
  add(outputs: Output[], msg: JupyterMessage): void {
    const c = msg.content;
    const type = msg.header.msg_type;
    if (type === "clear_output") {
      if (c.wait === true) this.pendingClear = true;
      else outputs.length = 0;
      return;
    }
    if (!["stream", "display_data", "update_display_data", "execute_result", "error"].includes(type)) return;
    if (this.pendingClear && type !== "update_display_data") {
      outputs.length = 0;
      this.pendingClear = false;
    }
    switch (type) {
      case "stream": {
        const name = c.name === "stderr" ? "stderr" : "stdout";
        const text = String(c.text ?? "");
        const last = outputs[outputs.length - 1];
        if (last !== undefined && last.output_type === "stream" && last.name === name) {
          last.text = joinSource(last.text) + text;
        } else {
          outputs.push({ output_type: "stream", name, text });
        }
        return;
      }
      case "display_data": {
        const out: DisplayDataOutput = {
          output_type: "display_data",
          data: (c.data as MimeBundle) ?? {},
          metadata: (c.metadata as Record<string, unknown>) ?? {},
        };
        outputs.push(out);
        const id = displayId(c);
        if (id !== undefined) this.displays.set(id, [...(this.displays.get(id) ?? []), out]);
        return;
      }
      case "update_display_data": {
        const id = displayId(c);
        for (const out of id === undefined ? [] : (this.displays.get(id) ?? [])) {
          out.data = (c.data as MimeBundle) ?? {};
          out.metadata = (c.metadata as Record<string, unknown>) ?? {};
        }
        return;
      }
      case "execute_result": {
        const out: ExecuteResultOutput = {
          output_type: "execute_result",
          execution_count: (c.execution_count as number | undefined) ?? null,
          data: (c.data as MimeBundle) ?? {},
          metadata: (c.metadata as Record<string, unknown>) ?? {},
        };
        outputs.push(out);
        return;
      }
      case "error": {
        const out: ErrorOutput = {
          output_type: "error",
          ename: String(c.ename ?? "Error"),
          evalue: String(c.evalue ?? ""),
          traceback: Array.isArray(c.traceback) ? c.traceback.map(String) : [],
        };
        outputs.push(out);
        return;
      }
    }
  }
}

function displayId(content: Record<string, unknown>): string | undefined {
  const t = content.transient as { display_id?: unknown } | undefined;
  return typeof t?.display_id === "string" ? t.display_id : undefined;
}

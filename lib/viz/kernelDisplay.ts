import * as tslab from "tslab";

/** True inside a tslab kernel, where rich output reaches the notebook. */
export function inKernel(): boolean {
  return (globalThis as { __tslab__?: unknown }).__tslab__ !== undefined;
}

/** Shows HTML in the notebook; outside a kernel, returns false and shows nothing. */
export function showHtml(html: string): boolean {
  if (!inKernel()) return false;
  tslab.display.html(html);
  return true;
}

/** A display that later calls overwrite in place (Jupyter's update_display_data), or null outside a kernel. */
export function newLiveDisplay(): { html(s: string): void } | null {
  return inKernel() ? tslab.newDisplay() : null;
}

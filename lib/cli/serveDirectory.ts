import { createReadStream, existsSync, readdirSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".ipynb": "application/json",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/**
 * Serves the files of `dir` on 127.0.0.1 only, with an index page linking its HTML
 * files. Paths that leave `dir` are refused. Resolves once listening.
 */
export function serveDirectory(dir: string, port: number, title: string): Promise<Server> {
  const root = normalize(dir) + sep;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, "");
    if (rel === "") {
      const pages = readdirSync(dir).filter((f) => f.endsWith(".html")).sort();
      const items = pages.map((p) => `<li><a href="${encodeURIComponent(p)}">${p.replace(/\.html$/, "")}</a></li>`).join("");
      res.writeHead(200, { "content-type": TYPES[".html"] });
      res.end(`<!DOCTYPE html><meta charset="utf-8"><title>${title}</title><h1>${title}</h1><ul>${items}</ul>`);
      return;
    }
    const path = normalize(join(dir, rel));
    if (!path.startsWith(root) || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found\n");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" });
    createReadStream(path).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

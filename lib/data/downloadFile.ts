import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync, statSync } from "node:fs";
import { DatasetError } from "./datasetManifest.js";
import type { RemoteFile } from "./datasetRegistry.js";

export type DownloadProgress = (receivedBytes: number, totalBytes: number | null) => void;

async function digest(path: string, algorithm: "sha256" | "md5"): Promise<string> {
  const h = createHash(algorithm);
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest("hex");
}

function unreachable(url: string, e: unknown): DatasetError {
  type Cause = { code?: string; message?: string; errors?: { code?: string }[] };
  const c = (e as { cause?: Cause }).cause;
  const cause = c?.code ?? c?.errors?.find((x) => x.code !== undefined)?.code ?? c?.message ?? (e as Error).message;
  return new DatasetError(`cannot reach ${new URL(url).host} (${cause}): this machine looks offline`);
}

/**
 * Downloads `file.url` to `dest`, resuming a `dest.part` left by an interrupted run
 * (HTTP Range), then checks the SHA-256 (or the MD5, where that is all the publisher
 * gives) before renaming the part into place. A mismatch deletes the part: nothing
 * that failed its check is left looking complete. Returns the file's SHA-256.
 */
export async function downloadFile(file: RemoteFile, dest: string, onProgress?: DownloadProgress): Promise<string> {
  const part = `${dest}.part`;
  const have = existsSync(part) ? statSync(part).size : 0;
  let res: Response;
  try {
    res = await fetch(file.url, { headers: have > 0 ? { Range: `bytes=${have}-` } : {} });
  } catch (e) {
    throw unreachable(file.url, e);
  }
  if (res.status === 416 && have > 0) {
    // The part is already whole; fall through to the checksum.
  } else if (!res.ok) {
    throw new DatasetError(`${file.url} answered HTTP ${res.status} ${res.statusText}`);
  }
  const resumed = res.status === 206;
  let received = resumed ? have : 0;
  const length = Number(res.headers.get("content-length") ?? NaN);
  const total = Number.isFinite(length) ? received + length : (file.bytes ?? null);
  if (res.status !== 416 && res.body !== null) {
    const out = createWriteStream(part, { flags: resumed ? "a" : "w" });
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
        received += chunk.length;
        onProgress?.(received, total);
      }
    } catch (e) {
      await new Promise<void>((r) => out.end(() => r()));
      throw new DatasetError(`download of ${file.name} interrupted after ${received} bytes (${(e as Error).message}); run the same command again to resume`);
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    if (total !== null && received < total) {
      throw new DatasetError(`download of ${file.name} interrupted after ${received} of ${total} bytes; run the same command again to resume`);
    }
  }
  const sha = await digest(part, "sha256");
  const check = file.sha256 !== undefined ? { kind: "SHA-256", want: file.sha256, got: sha } : file.md5 !== undefined ? { kind: "MD5", want: file.md5, got: await digest(part, "md5") } : null;
  if (check === null) throw new DatasetError(`${file.name} has no published checksum to verify against`);
  if (check.got !== check.want) {
    rmSync(part, { force: true });
    throw new DatasetError(`${file.name} fails its ${check.kind} check (got ${check.got}, expected ${check.want}); the download was deleted, run again to retry`);
  }
  renameSync(part, dest);
  return sha;
}

import { mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { writeFileAtomic } from "../writeFileAtomic.js";
import { sha256, type DatasetManifest } from "./datasetManifest.js";

export type DatasetContents = Omit<DatasetManifest, "files">;

/**
 * Writes a dataset in the loader's format: x.gz (samples, little-endian `storage`),
 * y.u8 (one label byte per sample), manifest.json with sizes and SHA-256s, and
 * CARD.md for people. Everything goes to a sibling temporary folder that is renamed
 * into place last, so an interrupted write never leaves a folder that looks complete.
 */
export function writeDataset(dir: string, contents: DatasetContents, x: Uint8Array, y: Uint8Array, card: string): DatasetManifest {
  const tmp = `${dir}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const xz = gzipSync(x, { level: 9 });
  const manifest: DatasetManifest = {
    ...contents,
    files: {
      x: { path: contents.storage === "int16" ? "x.i16.gz" : "x.u8.gz", sha256: sha256(xz), bytes: xz.length },
      y: { path: "y.u8", sha256: sha256(y), bytes: y.length },
    },
  };
  writeFileAtomic(join(tmp, manifest.files.x.path), xz);
  writeFileAtomic(join(tmp, manifest.files.y.path), y);
  writeFileAtomic(join(tmp, "CARD.md"), card);
  writeFileAtomic(join(tmp, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  mkdirSync(dirname(dir), { recursive: true });
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return manifest;
}

/** A data card in Markdown from the manifest's fields. */
export function dataCard(m: DatasetContents, extra = ""): string {
  const splits = Object.entries(m.splits).map(([k, v]) => `${k} ${v.count}`).join(", ");
  const measured = Object.entries(m.measured ?? {}).map(([k, v]) => `- ${k}: ${v}`).join("\n");
  return `# ${m.title}

| | |
|---|---|
| name | \`${m.name}\` |
| samples | ${splits} |
| sample shape | ${m.sampleShape.join(" x ")}, stored as ${m.storage}, value = stored x ${m.scale} |
| classes | ${m.classNames.join(", ")} |
| source | ${m.source} |
| licence | ${m.licence} |
| attribution | ${m.attribution} |

## How it was made

${m.howMade}

Sizes and SHA-256 of the stored files are in \`manifest.json\`; the loader checks them on every load.
${measured === "" ? "" : `\n## Measured\n\n${measured}\n`}${extra}`;
}

/** a followed by b, as one new array. */
export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

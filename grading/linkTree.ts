import { copyFileSync, linkSync, lstatSync, mkdirSync, readdirSync, readlinkSync, symlinkSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";

/**
 * Recreates the folder `src` at `dest` with hard links to its files (copies where the
 * two are on different file systems), so that nothing under `dest` leads back to
 * `src`'s parent folders: unlike a symlink, `dest/../..` is `dest`'s own parent. The
 * grader gives each class's release tree its own node_modules this way, in about a
 * second for the course's 20,000 files, with no extra disk. Symlinks inside `src`
 * (npm's .bin) are recreated when they point inside it and dropped otherwise.
 * Returns how many files were copied rather than linked.
 */
export function linkTree(src: string, dest: string): number {
  let copied = 0;
  const walk = (from: string, to: string) => {
    mkdirSync(to, { recursive: true });
    for (const name of readdirSync(from)) {
      const a = join(from, name), b = join(to, name);
      const st = lstatSync(a);
      if (st.isDirectory()) walk(a, b);
      else if (st.isSymbolicLink()) {
        const target = readlinkSync(a);
        const abs = resolve(from, target);
        if (!isAbsolute(target) && !relative(src, abs).startsWith("..")) symlinkSync(target, b);
      } else if (st.isFile()) {
        try {
          linkSync(a, b);
        } catch (e) {
          if (!["EXDEV", "EPERM", "EMLINK"].includes((e as NodeJS.ErrnoException).code ?? "")) throw e;
          copyFileSync(a, b);
          copied++;
        }
      }
    }
  };
  walk(src, dest);
  return copied;
}

import { SingleBar } from "cli-progress";
import { dataCacheDir } from "../data/dataCache.js";
import { DatasetError } from "../data/datasetManifest.js";
import { REMOTE_DATASETS, SHIPPED_DATASETS } from "../data/datasetRegistry.js";
import { fetchDataset } from "../data/fetchDataset.js";
import { loadDataset } from "../data/loadDataset.js";

/** `tinyml data list`: shipped and downloadable datasets, with what is in the cache. */
export function dataList(): void {
  console.log("shipped (offline):");
  for (const n of SHIPPED_DATASETS) {
    const d = loadDataset(n, { split: "train", limit: 0 });
    console.log(`  ${n.padEnd(22)} ${d.info.title} (${Object.entries(d.info.splits).map(([k, v]) => `${k} ${v.count}`).join(", ")})`);
  }
  console.log(`downloadable with \`tinyml data fetch NAME\` (cache: ${dataCacheDir()}):`);
  for (const r of Object.values(REMOTE_DATASETS)) console.log(`  ${r.name.padEnd(22)} ${r.title}; offline stand-in: ${r.standIn}`);
}

/** `tinyml data fetch NAME`: exit code 0 on success, 1 with one line on failure. */
export async function dataFetch(name: string, perClass?: number): Promise<number> {
  const tty = process.stderr.isTTY === true;
  // An object, not a `let`: TypeScript does not see assignments made inside callbacks.
  const bars: { converting?: SingleBar } = {};
  try {
    const dir = await fetchDataset(name, {
      perClass,
      onConvert: (done, total) => {
        if (!tty) {
          if (done === total || done % 10000 === 0) console.error(`converting: ${done}/${total} samples`);
          return;
        }
        if (bars.converting === undefined) {
          bars.converting = new SingleBar({ format: "converting [{bar}] {percentage}% {value}/{total} samples, {eta_formatted} left", hideCursor: true });
          bars.converting.start(total, 0);
        }
        bars.converting.update(done);
        if (done >= total) bars.converting.stop();
      },
      onProgress: (file) => {
        if (!tty) {
          console.error(`downloading ${file}`);
          return () => undefined;
        }
        const bar = new SingleBar({ format: `${file} [{bar}] {percentage}% {value}/{total} MB`, hideCursor: true });
        let started = false;
        return (got, total) => {
          const mb = (b: number) => Math.round(b / 1e5) / 10;
          if (!started) bar.start(total === null ? 0 : mb(total), 0);
          started = true;
          bar.update(mb(got));
          if (total !== null && got >= total) bar.stop();
        };
      },
    });
    console.log(`${name}: ready in ${dir}; load it with loadDataset("${name}")`);
    return 0;
  } catch (e) {
    bars.converting?.stop();
    if (!(e instanceof DatasetError)) throw e;
    console.error(`tinyml data fetch ${name}: ${e.message}`);
    return 1;
  }
}

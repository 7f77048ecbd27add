import type { RemoteDataset } from "./datasetRegistry.js";

export type ConvertOptions = {
  /** Called as samples are converted: done so far and the total, in samples. */
  onConvert?: (done: number, total: number) => void;
  /**
   * Datasets too large to hold in memory as float32 (Visual Wake Words) keep at most
   * this many samples per class, drawn with a fixed seed. Ignored by the others.
   */
  perClass?: number;
};

/**
 * Turns the verified, unpacked downloads in `raw` into the loader's format in `dir`
 * (writeDataset). Throws DatasetError naming the file when the contents are wrong.
 */
export type DatasetConverter = (raw: string, dir: string, spec: RemoteDataset, opts: ConvertOptions) => Promise<void>;

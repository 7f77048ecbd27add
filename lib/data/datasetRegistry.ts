/** One file of a canonical dataset, with the checksum its publisher gives. */
export type RemoteFile = {
  url: string;
  /** Saved under this name in the cache. */
  name: string;
  /** SHA-256 where the publisher (or a pinned mirror record) gives one. */
  sha256?: string;
  /** MD5 where that is all the publisher gives (MNIST, Fashion-MNIST, CIFAR-10). */
  md5?: string;
  /** Bytes, when known: lets the progress bar show a total before the server says. */
  bytes?: number;
};

export type RemoteDataset = {
  name: string;
  title: string;
  files: RemoteFile[];
  /** The shipped dataset to use offline. */
  standIn: string;
  licence: string;
};

/** Datasets shipped in datasets/, each with manifest.json and CARD.md. */
export const SHIPPED_DATASETS = ["digits-8x8", "fashion-mnist-subset", "mnist-subset", "synthetic-keywords"] as const;

const MNIST = "https://storage.googleapis.com/cvdf-datasets/mnist/";
const FASHION = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

/**
 * The canonical TinyML datasets, fetched only by `tinyml data fetch NAME`. Checksums:
 * MNIST's MD5s as published with torchvision's loader; Fashion-MNIST's from its README;
 * CIFAR-10's from its home page; Speech Commands v0.02's SHA-256 and the MLPerf Tiny
 * Visual Wake Words archive's SHA-256 and size as recorded by projects that pin them.
 */
export const REMOTE_DATASETS: Record<string, RemoteDataset> = {
  mnist: {
    name: "mnist",
    title: "MNIST handwritten digits (60k train, 10k test)",
    standIn: "mnist-subset",
    licence: "CC BY-SA 3.0 (Y. LeCun, C. Cortes, C. Burges)",
    files: [
      { url: MNIST + "train-images-idx3-ubyte.gz", name: "train-images-idx3-ubyte.gz", md5: "f68b3c2dcbeaaa9fbdd348bbdeb94873", bytes: 9912422 },
      { url: MNIST + "train-labels-idx1-ubyte.gz", name: "train-labels-idx1-ubyte.gz", md5: "d53e105ee54ea40749a09fcbcd1e9432", bytes: 28881 },
      { url: MNIST + "t10k-images-idx3-ubyte.gz", name: "t10k-images-idx3-ubyte.gz", md5: "9fb629c4189551a2d022fa330f9573f3", bytes: 1648877 },
      { url: MNIST + "t10k-labels-idx1-ubyte.gz", name: "t10k-labels-idx1-ubyte.gz", md5: "ec29112dd5afa0611ce80d1b7f02629c", bytes: 4542 },
    ],
  },
  "fashion-mnist": {
    name: "fashion-mnist",
    title: "Fashion-MNIST (60k train, 10k test)",
    standIn: "fashion-mnist-subset",
    licence: "MIT (Zalando Research)",
    files: [
      { url: FASHION + "train-images-idx3-ubyte.gz", name: "train-images-idx3-ubyte.gz", md5: "8d4fb7e6c68d591d4c3dfef9ec88bf0d" },
      { url: FASHION + "train-labels-idx1-ubyte.gz", name: "train-labels-idx1-ubyte.gz", md5: "25c81989df183df01b3e8a0aad5dffbe" },
      { url: FASHION + "t10k-images-idx3-ubyte.gz", name: "t10k-images-idx3-ubyte.gz", md5: "bef4ecab320f06d8554ea6380940ec79" },
      { url: FASHION + "t10k-labels-idx1-ubyte.gz", name: "t10k-labels-idx1-ubyte.gz", md5: "bb300cfdad3c16e7a12a480ee83cd310" },
    ],
  },
  cifar10: {
    name: "cifar10",
    title: "CIFAR-10, binary version (50k train, 10k test, 32x32 RGB)",
    standIn: "fashion-mnist-subset",
    licence: "no licence stated; cite Krizhevsky 2009",
    files: [{ url: "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", name: "cifar-10-binary.tar.gz", md5: "c32a1d4ab5d03f1284b67883e8d87530" }],
  },
  "speech-commands": {
    name: "speech-commands",
    title: "Speech Commands v0.02 (105k one-second clips, 35 words)",
    standIn: "synthetic-keywords",
    licence: "CC BY 4.0 (Pete Warden, Google)",
    files: [
      {
        url: "http://download.tensorflow.org/data/speech_commands_v0.02.tar.gz",
        name: "speech_commands_v0.02.tar.gz",
        sha256: "af14739ee7dc311471de98f5f9d2c9191b18aedfe957f4a6ff791c709868ff58",
      },
    ],
  },
  vww: {
    name: "vww",
    title: "Visual Wake Words 96x96 (MLPerf Tiny's COCO 2014 person / no-person crops)",
    standIn: "fashion-mnist-subset",
    licence: "COCO image licences (mostly Creative Commons); see cocodataset.org terms",
    files: [
      {
        url: "https://www.silabs.com/public/files/github/machine_learning/benchmarks/datasets/vw_coco2014_96.tar.gz",
        name: "vw_coco2014_96.tar.gz",
        sha256: "f8746b9e44f8a7a4293f73be9ba6e8da9239fe69798d42364aae62b915cfab58",
        bytes: 234810765,
      },
    ],
  },
};

export const ALL_DATASET_NAMES: readonly string[] = [...SHIPPED_DATASETS, ...Object.keys(REMOTE_DATASETS)];

import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { convertSpeechCommands } from "../../lib/data/convertSpeechCommands.js";
import { REMOTE_DATASETS } from "../../lib/data/datasetRegistry.js";
import { KWS_CLASSES } from "../../lib/data/kwsClasses.js";
import { loadDatasetFrom } from "../../lib/data/loadDataset.js";
import { KwsFrontEnd } from "../../lib/dsp/KwsFrontEnd.js";
import { fixtureTone, toneHz, writeSpeechCommandsTree } from "../support/canonicalFixtures.js";

const SPEC = REMOTE_DATASETS["speech-commands"];
const count = (labels: Int32Array, name: string) => labels.filter((l) => l === KWS_CLASSES.indexOf(name)).length;

describe("lib/data convertSpeechCommands", function () {
  this.timeout(60000);
  let raw = "";
  let out = "";
  beforeEach(function () {
    const work = mkdtempSync(join(tmpdir(), "tinyml-sc-"));
    raw = join(work, "raw");
    out = join(work, "speech-commands");
    writeSpeechCommandsTree(raw);
  });

  it("splits by the archive's lists and adds 10% _unknown_ and 10% _silence_ per split", async function () {
    const progress: number[] = [];
    await convertSpeechCommands(raw, out, SPEC, { onConvert: (done, total) => progress.push(done / total) });
    assert.equal(progress.at(-1), 1);
    for (const split of ["train", "val", "test"]) {
      const d = loadDatasetFrom(out, { split });
      assert.deepEqual(d.classNames, KWS_CLASSES);
      // 10 keyword clips per split (one speaker each); ceil(10 x 10%) = 1 unknown and 1 silence.
      assert.deepEqual(d.shape, [12, 49, 10, 1]);
      for (const w of KWS_CLASSES) assert.equal(count(d.labels, w), 1, `${split}: one ${w}`);
    }
  });

  it("a keyword row holds the front end's MFCCs of the file the list names, at int16 x 1/64", async function () {
    await convertSpeechCommands(raw, out, SPEC, {});
    const fe = new KwsFrontEnd();
    // "yes" (label 0) speaker s1 is on validation_list.txt; the WAV holds it as 16-bit PCM (x 32767, read back / 32768).
    const pcm = fixtureTone(toneHz(0, 1)).map((v) => Math.round(v * 32767) / 32768);
    const want = fe.mfcc(pcm);
    const val = loadDatasetFrom(out, { split: "val" });
    const row = val.labels.indexOf(0);
    const got = val.x.subarray(row * 490, (row + 1) * 490);
    let worst = 0;
    for (let j = 0; j < 490; j++) worst = Math.max(worst, Math.abs(got[j] - want[j]));
    assert.ok(worst <= 1 / 128 + 1e-6, `largest difference ${worst}, more than half a step of 1/64`);
    // The tone is 0.5 s: the second half is zero-padding, so its frames sit on the log floor.
    assert.ok(got[48 * 10] < -200, `last frame's c0 ${got[480]} is not the floor of an empty frame`);
  });

  it("_silence_ is background noise, not an empty clip; two conversions are identical", async function () {
    await convertSpeechCommands(raw, out, SPEC, {});
    const first = readFileSync(join(out, "manifest.json"), "utf8");
    const train = loadDatasetFrom(out, { split: "train" });
    const row = train.labels.indexOf(KWS_CLASSES.indexOf("_silence_"));
    // An all-zero clip gives c0 = sqrt(2/40) x 40 x ln(1e-12) = -247 in every frame.
    for (let f = 0; f < 49; f++) assert.ok(train.x[row * 490 + f * 10] > -150, `frame ${f} of _silence_ looks empty`);
    await convertSpeechCommands(raw, out, SPEC, {});
    assert.equal(readFileSync(join(out, "manifest.json"), "utf8"), first);
  });

  it("a truncated WAV is named, and no dataset is left behind", async function () {
    const wav = join(raw, "up", "s0_nohash_0.wav");
    writeFileSync(wav, readFileSync(wav).subarray(0, 30));
    await assert.rejects(convertSpeechCommands(raw, out, SPEC, {}), /Speech Commands: up\/s0_nohash_0\.wav: truncated: .*the archive is corrupt/);
    assert.ok(!existsSync(out));
  });

  it("refuses a tree that is not Speech Commands v0.02, saying what is missing", async function () {
    rmSync(join(raw, "go"), { recursive: true });
    await assert.rejects(convertSpeechCommands(raw, out, SPEC, {}), /no folder for go: it is corrupt or not version 0\.02/);
    rmSync(join(raw, "testing_list.txt"));
    await assert.rejects(convertSpeechCommands(raw, out, SPEC, {}), /no testing_list\.txt/);
    assert.ok(!existsSync(out));
  });
});

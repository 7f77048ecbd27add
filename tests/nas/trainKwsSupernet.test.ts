import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { supernetCard } from "../../lib/nas/supernetFiles.js";
import { ROOT } from "../support/runCli.js";

// The script that made lib/models/pretrained/kws-supernet, in its smoke mode (a few steps, 6 pairs): seeded, so two runs give the same bytes.
describe("datasets/scripts/trainKwsSupernet", function () {
  this.timeout(300_000);

  it("--quick twice: identical weights.bin and pairs, and a card that checks out", () => {
    const run = () => {
      const out = join(mkdtempSync(join(tmpdir(), "tinyml-supernet-quick-")), "kws-supernet");
      const r = spawnSync(process.execPath, ["--import", "tsx", "datasets/scripts/trainKwsSupernet.ts", "--quick", out], { cwd: ROOT, encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr.slice(-2000));
      return out;
    };
    const [a, b] = [run(), run()];
    assert.ok(readFileSync(join(a, "weights.bin")).equals(readFileSync(join(b, "weights.bin"))));
    assert.equal(readFileSync(join(a, "arch-accuracy.json"), "utf8"), readFileSync(join(b, "arch-accuracy.json"), "utf8"));
    const card = supernetCard(a);
    assert.equal(card.inheritedVsAlone.map((r) => r.name).join(), "smallest,middle,largest");
    assert.match(card.training, /progressive shrinking \(kernels from step 0, depths from step 1/);
  });
});

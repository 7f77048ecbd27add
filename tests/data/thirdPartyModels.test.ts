import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { THIRD_PARTY_MODELS } from "../../lib/data/thirdPartyModels.js";
import { requireModel } from "../support/thirdPartyModels.js";

describe("data/thirdPartyModels", () => {
  it("pins the SHA-256 and size of every model the tests read, so `tinyml models fetch` gets the same bytes", function () {
    for (const m of THIRD_PARTY_MODELS) {
      const bytes = readFileSync(requireModel(this, m.name));
      assert.equal(createHash("sha256").update(bytes).digest("hex"), m.file.sha256, m.name);
      assert.equal(bytes.length, m.file.bytes, m.name);
      assert.match(m.file.url, /^https:\/\/raw\.githubusercontent\.com\/(mlcommons\/tiny|tensorflow\/tflite-micro)\//);
    }
  });
});

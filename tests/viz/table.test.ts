import { strict as assert } from "node:assert";
import * as dfd from "danfojs-node";
import { tableHtml } from "../../lib/viz/table.js";

/** The table's cells as text, row by row (header first). */
function cells(html: string): string[][] {
  return [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => c[1]));
}

describe("viz/table", () => {
  it("renders row objects: columns in first-seen order, integers with separators, decimals to `digits`, text escaped", () => {
    const html = tableHtml([{ model: "<b>ds-cnn</b>", params: 23756, acc: 0.94444 }, { model: "tiny", extra: true }], { digits: 2 });
    assert.deepEqual(cells(html), [
      ["model", "params", "acc", "extra"],
      ["&lt;b&gt;ds-cnn&lt;/b&gt;", "23,756", "0.94", ""],
      ["tiny", "", "", "true"],
    ]);
  });

  it("says how many rows the limit left out, and shows an empty table as such", () => {
    const html = tableHtml(Array.from({ length: 5 }, (_, i) => ({ i })), { limit: 2 });
    assert.equal(cells(html).length, 3);
    assert.match(html, /3 more rows not shown/);
    assert.match(tableHtml([]), /no rows/);
  });

  it("renders a danfojs DataFrame; a default index is not shown", () => {
    const df = new dfd.DataFrame({ layer: ["pw1", "pw2"], sparsity: [0.5, 0.75] });
    assert.deepEqual(cells(tableHtml(df)), [["layer", "sparsity"], ["pw1", "0.500"], ["pw2", "0.750"]]);
  });

  it("shows a meaningful index (describe()) as a first column, with the statistics computed by danfojs", () => {
    const df = new dfd.DataFrame({ w: [1, 2, 3, 4] });
    const rows = cells(tableHtml(df.describe(), { digits: 4 }));
    assert.deepEqual(rows[0], ["", "w"]);
    const byName = Object.fromEntries(rows.slice(1).map((r) => [r[0], r[1]]));
    // Hand-computed: mean 2.5, sample std sqrt(5/3) = 1.2910, min 1, max 4.
    assert.equal(byName.mean, "2.5000");
    assert.equal(byName.std, "1.2910");
    assert.equal(byName.min, "1");
    assert.equal(byName.max, "4");
  });

  it("renders grouped and sorted frames", () => {
    const df = new dfd.DataFrame([{ board: "a", ms: 3 }, { board: "b", ms: 1 }, { board: "a", ms: 5 }]);
    const mean = df.groupby(["board"]).col(["ms"]).mean().sortValues("ms_mean");
    assert.deepEqual(cells(tableHtml(mean)).slice(1).map((r) => r.filter((c) => c !== "").slice(-2)), [["b", "1"], ["a", "4"]]);
  });
});

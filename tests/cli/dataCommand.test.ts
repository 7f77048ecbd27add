import { strict as assert } from "node:assert";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/runCli.js";

// Never reaches the network: every case here fails before a download starts.
describe("tinyml data", function () {
  this.timeout(60000);
  const cache = mkdtempSync(join(tmpdir(), "tinyml-cli-data-"));
  const env = { TINYML_DATA: cache };

  it("list names the shipped sets and the downloadable ones with their stand-ins", async function () {
    const r = await runCli(["data", "list"], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /synthetic-keywords +Synthetic Speech Commands/);
    assert.match(r.stdout, /speech-commands +Speech Commands v0\.02 .*offline stand-in: synthetic-keywords/);
    assert.match(r.stdout, new RegExp(`cache: ${cache}`));
  });

  it("fetch refuses bad names and bad --per-class in one line, before any download", async function () {
    const typo = await runCli(["data", "fetch", "speech-comands"], { env });
    assert.equal(typo.code, 1);
    assert.equal(typo.stderr.trim(), 'tinyml data fetch speech-comands: no downloadable dataset "speech-comands"; did you mean "speech-commands"? (downloadable: mnist, fashion-mnist, cifar10, speech-commands, vww)');
    const big = await runCli(["data", "fetch", "vww", "--per-class", "40000"], { env });
    assert.equal(big.code, 1);
    assert.match(big.stderr, /^tinyml data fetch vww: images per class must be a whole number from 3 to 30000, not 40000\n$/);
    const other = await runCli(["data", "fetch", "mnist", "--per-class", "10"], { env });
    assert.equal(other.code, 1);
    assert.match(other.stderr, /only vww keeps a sample per class; mnist is converted whole/);
    const word = await runCli(["data", "fetch", "vww", "--per-class", "many"], { env });
    assert.equal(word.code, 1);
    assert.match(word.stderr, /option '--per-class <n>' argument 'many' is invalid\. expected a whole number above 0/);
    assert.deepEqual(readdirSync(cache), [], "nothing was downloaded or created");
  });
});

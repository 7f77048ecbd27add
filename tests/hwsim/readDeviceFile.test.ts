import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEVICES, QEMU_DEVICES } from "../../lib/hwsim/deviceCatalog.js";
import { findDevice } from "../../lib/hwsim/findDevice.js";
import { DeviceFileError, readDeviceFile } from "../../lib/hwsim/readDeviceFile.js";

describe("hwsim: devices", () => {
  const dir = mkdtempSync(join(tmpdir(), "devices-"));

  it("the catalog's own devices pass the device-file schema", () => {
    const path = join(dir, "catalog.json");
    writeFileSync(path, JSON.stringify([...DEVICES, ...QEMU_DEVICES]));
    assert.equal(readDeviceFile(path).length, DEVICES.length + QEMU_DEVICES.length);
  });

  it("a user device is found by id; an unknown name suggests close ones", () => {
    const path = join(dir, "mine.json");
    writeFileSync(path, JSON.stringify([{ ...DEVICES[0], id: "my-board", board: "My board" }]));
    assert.equal(findDevice("my-board", readDeviceFile(path)).board, "My board");
    assert.throws(() => findDevice("nucleo-l4"), /unknown device "nucleo-l4"; did you mean nucleo-l4r5zi/);
  });

  it("an invalid file lists every problem with its place", () => {
    const path = join(dir, "bad.json");
    writeFileSync(path, JSON.stringify([{ ...DEVICES[0], clockMHz: -1, coreModel: "cortex-m99", extra: 1, sramBytes: undefined }]));
    assert.throws(() => readDeviceFile(path), (e: unknown) => e instanceof DeviceFileError
      && /\[0\]\.coreModel: must be one of/.test(e.message) && /\[0\]\.clockMHz: must be a number above 0 \(got -1\)/.test(e.message)
      && /\[0\]\.sramBytes: missing/.test(e.message) && /\[0\]\.extra: unknown field/.test(e.message));
    writeFileSync(path, "{ nope");
    assert.throws(() => readDeviceFile(path), /not JSON/);
  });
});

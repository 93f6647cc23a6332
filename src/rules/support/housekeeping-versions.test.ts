import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { allowsOlderThan, lowestAllowed } from "./housekeeping-versions.js";

describe("Terraform version constraints", () => {
  it("finds the lowest version a constraint allows", () => {
    assert.deepEqual(lowestAllowed(">= 0.12.0")?.version, [0, 12, 0]);
    assert.deepEqual(lowestAllowed("~> 1.6")?.version, [1, 6, 0]);
    assert.deepEqual(lowestAllowed(">= 0.12, < 2.0")?.version, [0, 12, 0]);
    assert.deepEqual(lowestAllowed("= 0.11.15")?.version, [0, 11, 15]);
    assert.deepEqual(lowestAllowed("< 1.0")?.version, [0, 0, 0]);
    assert.equal(lowestAllowed(">= 2.0, < 1.0"), null);
    assert.equal(lowestAllowed("latest"), null);
  });

  it("says whether older versions than one are allowed", () => {
    assert.equal(allowsOlderThan(">= 0.12.0", [0, 14, 0]), true);
    assert.equal(allowsOlderThan("~> 0.13.7", [0, 14, 0]), true);
    assert.equal(allowsOlderThan(">= 0.14.0", [0, 14, 0]), false);
    assert.equal(allowsOlderThan("~> 1.6.6", [0, 14, 0]), false);
    assert.equal(allowsOlderThan(">= 0.12, >= 0.15", [0, 14, 0]), false);
  });
});

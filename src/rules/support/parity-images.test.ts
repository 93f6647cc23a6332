import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { imagePin } from "./parity-images.js";

describe("imagePin", () => {
  it("reads tags, digests, registries with ports, and unknowns", () => {
    assert.equal(imagePin("nginx"), "untagged");
    assert.equal(imagePin("nginx:latest"), "latest");
    assert.equal(imagePin("nginx:1.27.2-alpine"), "pinned");
    assert.equal(imagePin("registry.local:5000/team/app"), "untagged");
    assert.equal(imagePin("registry.local:5000/team/app:2.1"), "pinned");
    assert.equal(imagePin("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"), "pinned");
    assert.equal(imagePin("scratch"), "pinned");
    assert.equal(imagePin("app:${TAG}"), "unknown");
    assert.equal(imagePin("{{ .Values.image }}"), "unknown");
  });
});

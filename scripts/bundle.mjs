#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/main.js and everything it imports, dependencies included) into
// one file, dist/cli/cairn.js, the package's `cairn` command. One file loads several times faster
// than ~180 modules, which matters for a command that often runs on small repositories.
// The bundle stays in dist/cli/ so that the paths it resolves from its own location (docs/, schema/)
// are the same as the compiled modules'.
import { build } from "esbuild";

await build({
  entryPoints: ["dist/cli/main.js"],
  outfile: "dist/cli/cairn.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  legalComments: "none",
  logLevel: "warning",
  // Dependencies written in CommonJS call require(); give the ES module bundle one.
  banner: { js: "import { createRequire as __cairnCreateRequire } from 'node:module';\nconst require = __cairnCreateRequire(import.meta.url);" },
});

#!/usr/bin/env node
// Parser robustness over real repositories: for every .tf/.tfvars/.hcl file under the given
// directories, checks that cairn's parser does not crash, that printing the tree gives back the
// input byte for byte, and that cairn and HashiCorp's own parser (@cdktf/hcl2json, WebAssembly)
// agree on whether the file is valid. Lists every disagreement.
//
//   node bench/parse-check.mjs DIR... [--ext tf,tfvars,hcl] [--show N]
import { readFileSync, readdirSync, lstatSync } from "node:fs";
import { join, relative } from "node:path";
import { parseHcl, printHcl } from "../dist/index.js";

const args = process.argv.slice(2);
let exts = ["tf"];
let show = 50;
const dirs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--ext") exts = args[++i].split(",");
  else if (args[i] === "--show") show = Number(args[++i]);
  else dirs.push(args[i]);
}
if (dirs.length === 0) {
  console.error("usage: node bench/parse-check.mjs DIR... [--ext tf,tfvars,hcl] [--show N]");
  process.exit(2);
}
const { parse: hcl2json } = await import("@cdktf/hcl2json");

function* files(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory()) {
      if (name === ".git" || name === ".terraform" || name === "node_modules") continue;
      yield* files(path);
    } else if (exts.some((e) => name.endsWith("." + e))) yield path;
  }
}

const decoder = new TextDecoder("utf-8", { fatal: true });
const totals = { files: 0, bytes: 0, crashes: 0, roundTripFailures: 0, agree: 0, bothInvalid: 0, notUtf8: 0 };
const disagreements = [];
for (const dir of dirs) {
  for (const path of files(dir)) {
    const bytes = readFileSync(path);
    totals.files++;
    totals.bytes += bytes.length;
    let text;
    let utf8 = true;
    try {
      text = decoder.decode(bytes);
    } catch {
      utf8 = false;
      text = new TextDecoder("utf-8").decode(bytes);
      totals.notUtf8++;
    }
    let ours;
    try {
      const file = parseHcl(text, { path });
      if (printHcl(file) !== text) {
        totals.roundTripFailures++;
        console.log(`ROUND TRIP FAILED ${path}`);
      }
      ours = utf8 && !file.diagnostics.some((d) => d.severity === "error");
      ours = { valid: ours, first: file.diagnostics[0] };
    } catch (error) {
      totals.crashes++;
      console.log(`CRASH ${path}: ${error.stack}`);
      continue;
    }
    let theirs;
    try {
      await hcl2json(path, text);
      theirs = { valid: true };
    } catch (error) {
      const message = String(error.message).split("\n")[0];
      // "parse config: ..." is HCL's parser rejecting the file; "convert to HCL: ..." is hcl2json's
      // converter failing on a file HCL parsed (for example, labelled and unlabelled blocks of one type).
      if (message.startsWith("parse config")) theirs = { valid: false, message };
      else {
        totals.converterFailures = (totals.converterFailures ?? 0) + 1;
        theirs = { valid: true, message };
      }
    }
    if (ours.valid === theirs.valid) {
      totals.agree++;
      if (!ours.valid) totals.bothInvalid++;
    } else {
      disagreements.push({ path: relative(process.cwd(), path), ours, theirs, utf8 });
    }
  }
}
console.log(JSON.stringify(totals));
console.log(`disagreements: ${disagreements.length}`);
for (const d of disagreements.slice(0, show)) {
  console.log(`- ${d.path}: cairn=${d.ours.valid ? "valid" : "invalid"} hcl=${d.theirs.valid ? "valid" : "invalid"}${d.utf8 ? "" : " (not UTF-8)"}`);
  if (d.ours.first) console.log(`    cairn: ${d.ours.first.message} @${d.ours.first.start}`);
  if (d.theirs.message) console.log(`    hcl:   ${d.theirs.message}`);
}

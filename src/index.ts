export * from "./hcl/index.js";

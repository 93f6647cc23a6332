export type * from "./ast.js";
export { parseHcl, parseTemplate, parseExpression, type ParseOptions } from "./parser.js";
export { printHcl } from "./print.js";
export { childrenOf, walk, walkExpression } from "./walk.js";
export { leadingComments, trailingComment } from "./comments.js";
export { rangeOf, positionAt, lineStarts, lineOf, utf8Length, type Position as SourcePosition, type Range as SourceRange } from "./positions.js";
export { treeViolations } from "./invariants.js";
export { parseHclJson, type JsonParseOptions } from "./json.js";

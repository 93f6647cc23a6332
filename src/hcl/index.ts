export type * from "./ast.js";
export { parseHcl, parseTemplate, parseExpression, type ParseOptions } from "./parser.js";
export { printHcl } from "./print.js";
export { childrenOf, walk, walkExpression } from "./walk.js";
export { leadingComments, trailingComment } from "./comments.js";
export { rangeOf, positionAt, lineStarts, lineOf, utf8Length, type Position, type Range } from "./positions.js";
export { treeViolations } from "./invariants.js";

import type { Rule } from "../../engine/rule.js";
import codeCommentedOut from "./code-commented-out.js";
import codeInterpolationOnly from "./code-interpolation-only.js";
import docsReadme from "./docs-readme.js";
import layoutCopyPasteEnvironments from "./layout-copy-paste-environments.js";
import layoutMonolith from "./layout-monolith.js";
import modulesHardcodedValues from "./modules-hardcoded-values.js";
import modulesStructure from "./modules-structure.js";
import namingConvention from "./naming-convention.js";
import namingIdentifiers from "./naming-identifiers.js";
import outputsDescribed from "./outputs-described.js";
import syntaxInvalid from "./syntax-invalid.js";
import tagsCoverage from "./tags-coverage.js";
import tagsDefaultTags from "./tags-default-tags.js";
import tagsPropagation from "./tags-propagation.js";
import variablesDescribed from "./variables-described.js";
import variablesSensitive from "./variables-sensitive.js";
import variablesTyped from "./variables-typed.js";
import variablesUnused from "./variables-unused.js";

/** The housekeeping rules. Each is one file beside this one, with its test. */
export const HOUSEKEEPING_RULES: readonly Rule[] = [syntaxInvalid, tagsCoverage, tagsDefaultTags, tagsPropagation, namingConvention, namingIdentifiers, variablesTyped, variablesDescribed, outputsDescribed, variablesSensitive, variablesUnused, modulesHardcodedValues, modulesStructure, layoutMonolith, layoutCopyPasteEnvironments, codeInterpolationOnly, codeCommentedOut, docsReadme];

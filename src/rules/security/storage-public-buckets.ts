import { createRule, type ModuleContext } from "../../engine/rule.js";
import type { TopBlockView } from "../../engine/views.js";
import type { ModuleInstance } from "../../eval/evaluator.js";
import { render } from "../../eval/value.js";
import type { Repository } from "../../model/model.js";
import { deploymentInstances, keyOf, ofType, type Located, type Resolver } from "../support/security-graph.js";
import { displayAddress, securityCheck } from "../support/security-network.js";
import { policyOf, type Statement } from "../support/security-policies.js";
import { rootInstance, type SecurityScope } from "../support/security-scope.js";
import { asBool, asString } from "../support/values.js";

const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;
type Flag = (typeof FLAGS)[number];
const PUBLIC_ACLS = new Set(["public-read", "public-read-write", "authenticated-read"]);
const PUBLIC_GRANTEES = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)$/;

/** Flags of a public access block: true, false, or null when unknown. Unset flags are false. */
type Flags = Record<Flag, boolean | null>;

function flagsOf(view: TopBlockView): Flags {
  const out = {} as Flags;
  for (const flag of FLAGS) {
    const v = view.value(flag);
    out[flag] = v === undefined || v.kind === "null" ? false : asBool(v);
  }
  return out;
}

const accountFlags = new WeakMap<Repository, Flags | null>();

/** The account-level public access block, when the repository has one (all flags true wins). */
function accountBlock(ctx: ModuleContext): Flags | null {
  if (accountFlags.has(ctx.repo)) return accountFlags.get(ctx.repo) ?? null;
  let best: Flags | null = null;
  for (const module of ctx.repo.modules) {
    for (const ref of module.resources) {
      if (ref.type !== "aws_s3_account_public_access_block") continue;
      const flags = flagsOf(ctx.view(ref));
      if (best === null || FLAGS.filter((f) => flags[f] === true).length > FLAGS.filter((f) => best?.[f] === true).length) best = flags;
    }
  }
  accountFlags.set(ctx.repo, best);
  return best;
}

interface Blocks {
  /** Public access blocks by the key of the bucket they protect. */
  byBucket: Map<string, TopBlockView[]>;
  /** The buckets each public access block protects, by the key of the block. */
  bucketsOf: Map<string, Located[]>;
  /** Instances (by path and directory) with a public access block whose bucket could not be found. */
  unresolved: Set<string>;
}

const blocksByRoot = new WeakMap<ModuleInstance, Blocks>();

function instanceKey(instance: ModuleInstance): string {
  return `${instance.path.join(".")}|${instance.module.dir}`;
}

function publicAccessBlocks(scope: SecurityScope, resolver: Resolver): Blocks {
  const root = rootInstance(scope.instance);
  const cached = blocksByRoot.get(root);
  if (cached !== undefined) return cached;
  const out: Blocks = { byBucket: new Map(), bucketsOf: new Map(), unresolved: new Set() };
  const instances = deploymentInstances(root);
  const bucketsByName = new Map<string, Located>();
  for (const instance of instances) {
    for (const ref of instance.module.resources) {
      if (ref.type !== "aws_s3_bucket") continue;
      const name = asString(scope.view(ref, instance).value("bucket"));
      if (name !== null) bucketsByName.set(name, { ref, instance });
    }
  }
  for (const instance of instances) {
    for (const ref of instance.module.resources) {
      if (ref.type !== "aws_s3_bucket_public_access_block") continue;
      const view = scope.view(ref, instance);
      const attr = view.attr("bucket");
      let buckets = ofType(resolver.attr(attr), "aws_s3_bucket");
      if (buckets.length === 0) {
        const byName = bucketsByName.get(asString(attr?.value()) ?? "\u0000");
        if (byName !== undefined) buckets = [byName];
      }
      if (buckets.length === 0) out.unresolved.add(instanceKey(instance));
      out.bucketsOf.set(keyOf({ ref, instance }), buckets);
      for (const bucket of buckets) {
        const key = keyOf(bucket);
        out.byBucket.set(key, [...(out.byBucket.get(key) ?? []), view]);
      }
    }
  }
  blocksByRoot.set(root, out);
  return out;
}

/** Statements that let anyone (Principal "*") do something, with no condition. */
function publicStatements(statements: Statement[]): Statement[] {
  return statements.filter((s) => s.effect === "Allow" && s.principal !== null && s.principal.everyone && s.condition === false);
}

function actionsOf(statement: Statement): string {
  const actions = (statement.actions?.items ?? []).filter((a): a is string => a !== null);
  if (actions.length === 0) return "act on it";
  const shown = actions.slice(0, 3).join(", ");
  return actions.length > 3 ? `${shown} and ${actions.length - 3} more` : shown;
}

function check(scope: SecurityScope, resolver: Resolver): void {
  const account = accountBlock(scope.ctx);
  const blocks = publicAccessBlocks(scope, resolver);
  const blocksOf = (bucket: Located): Flags[] => (blocks.byBucket.get(keyOf(bucket)) ?? []).map(flagsOf);
  const protectedBy = (bucket: Located | null, flags: Flag[]): boolean => {
    const all = [...(bucket === null ? [] : blocksOf(bucket)), ...(account === null ? [] : [account])];
    return all.some((f) => flags.some((flag) => f[flag] === true));
  };
  const publicBuckets = new Set<string>();

  // A finding made on a separate resource (an ACL, a policy, an access block) names the bucket first.
  const subject = (owner: TopBlockView, bucket: Located | null): string | null =>
    bucket === null || owner.resourceType === "aws_s3_bucket" ? null : displayAddress(bucket, scope.instance);

  const reportAcl = (owner: TopBlockView, acl: NonNullable<ReturnType<TopBlockView["attr"]>>, bucket: Located | null): void => {
    const value = acl.value();
    const name = asString(value);
    if (name === null || !PUBLIC_ACLS.has(name) || scope.isLibraryChoice(owner, owner, acl)) return;
    if (protectedBy(bucket, ["ignore_public_acls"])) return;
    if (bucket !== null) publicBuckets.add(keyOf(bucket));
    const access = name === "authenticated-read" ? "readable by every AWS account" : name === "public-read-write" ? "readable and writable by anyone" : "readable by anyone";
    const target = subject(owner, bucket);
    scope.ctx.report({
      at: acl,
      severity: "error",
      message: `${target === null ? `${owner.address} makes the bucket ${access}` : `${target} is ${access} through ${owner.address}`} (acl = ${render(value)}); remove the ACL and serve public content through CloudFront with origin access control.`,
      value,
    });
  };

  for (const bucket of scope.resources("aws_s3_bucket")) {
    const self: Located = { ref: bucket.ref, instance: scope.instance };
    const acl = bucket.attr("acl");
    if (acl !== undefined) reportAcl(bucket, acl, self);
  }
  for (const aclResource of scope.resources("aws_s3_bucket_acl")) {
    const [bucket = null] = ofType(resolver.attr(aclResource.attr("bucket")), "aws_s3_bucket");
    const acl = aclResource.attr("acl");
    if (acl !== undefined) reportAcl(aclResource, acl, bucket);
    for (const policy of aclResource.blocks("access_control_policy")) {
      for (const grant of policy.blocks("grant")) {
        for (const grantee of grant.blocks("grantee")) {
          const uri = asString(grantee.value("uri"));
          const m = uri === null ? null : PUBLIC_GRANTEES.exec(uri);
          if (m === null || protectedBy(bucket, ["ignore_public_acls"])) continue;
          if (bucket !== null) publicBuckets.add(keyOf(bucket));
          const target = subject(aclResource, bucket);
          const permission = asString(grant.value("permission")) ?? "access";
          scope.ctx.report({
            at: grantee,
            severity: "error",
            message: `${target === null ? `${aclResource.address} grants ${permission} to ${m[1]}` : `${target} grants ${permission} to ${m[1]} through ${aclResource.address}`}; remove the grant and serve public content through CloudFront with origin access control.`,
          });
        }
      }
    }
  }

  const policies: { owner: TopBlockView; attr: NonNullable<ReturnType<TopBlockView["attr"]>>; bucket: Located | null }[] = [];
  for (const bucket of scope.resources("aws_s3_bucket")) {
    const attr = bucket.attr("policy");
    if (attr !== undefined) policies.push({ owner: bucket, attr, bucket: { ref: bucket.ref, instance: scope.instance } });
  }
  for (const resource of scope.resources("aws_s3_bucket_policy")) {
    const attr = resource.attr("policy");
    const [bucket = null] = ofType(resolver.attr(resource.attr("bucket")), "aws_s3_bucket");
    if (attr !== undefined) policies.push({ owner: resource, attr, bucket });
  }
  for (const { owner, attr, bucket } of policies) {
    if (scope.isLibraryChoice(owner, owner, attr)) continue;
    const doc = policyOf(scope, resolver, attr, owner.address);
    if (doc === null) continue;
    const open = publicStatements(doc.statements);
    const [first] = open;
    if (first === undefined || protectedBy(bucket, ["block_public_policy", "restrict_public_buckets"])) continue;
    if (bucket !== null) publicBuckets.add(keyOf(bucket));
    const where = first.owner === owner.address ? `statement ${first.index}` : `statement ${first.index} of ${first.owner}`;
    const target = subject(owner, bucket);
    scope.ctx.report({
      at: first.at,
      severity: "error",
      message: `${target ?? owner.address} lets anyone on the internet ${actionsOf(first)}${target === null ? "" : ` through ${owner.address}`} (Principal "*" with no condition, ${where}); grant access to CloudFront's origin access control or named principals instead.`,
    });
  }

  for (const block of scope.resources("aws_s3_bucket_public_access_block")) {
    const off: string[] = [];
    for (const flag of FLAGS) {
      const attr = block.attr(flag);
      const v = attr?.value();
      if (attr !== undefined && (v === undefined || v.kind !== "null") && asBool(v) !== false) continue;
      if (attr !== undefined && scope.isLibraryChoice(block, block, attr)) continue;
      off.push(attr === undefined ? `${flag} (unset, so false)` : `${flag} = false`);
    }
    if (off.length === 0) continue;
    const protects = blocks.bucketsOf.get(keyOf({ ref: block.ref, instance: scope.instance })) ?? [];
    const [bucket] = protects;
    const what =
      protects.length === 1 && bucket !== undefined
        ? `${displayAddress(bucket, scope.instance)} can still be made public: ${block.address} has`
        : `${block.address} leaves public access open:`;
    scope.ctx.report({
      at: off.length === 1 ? (block.attr(off[0]?.split(" ")[0] as string) ?? block) : block,
      message: `${what} ${off.join(", ")}; set all four flags to true unless the bucket must be public.`,
    });
  }

  const coveredByAccount = account !== null && FLAGS.every((f) => account[f] === true);
  if (coveredByAccount || blocks.unresolved.has(instanceKey(scope.instance))) return;
  for (const bucket of scope.resources("aws_s3_bucket")) {
    const key = keyOf({ ref: bucket.ref, instance: scope.instance });
    if (publicBuckets.has(key) || (blocks.byBucket.get(key)?.length ?? 0) > 0) continue;
    scope.ctx.report({
      at: bucket,
      severity: "note",
      message: `${bucket.address} has no aws_s3_bucket_public_access_block. Buckets created since April 2023 block public access by default, but declaring the block keeps it explicit and stops a later ACL or policy from opening the bucket.`,
    });
  }
}

export default createRule({
  id: "storage/public-buckets",
  principle: "security",
  severity: "warning",
  title: "S3 bucket that is or can become public",
  description:
    "S3 buckets with public ACLs (public-read, public-read-write, authenticated-read, AllUsers grants) or bucket policies that allow Principal \"*\" without a condition, public access blocks with flags off, and buckets with no public access block (a note: new buckets block public access by default since April 2023).",
  peers: {
    checkov: ["CKV_AWS_20", "CKV_AWS_57", "CKV_AWS_70", "CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
    trivy: ["AVD-AWS-0092", "AVD-AWS-0094", "AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093"],
    kics: [
      "38c5ee0d-7f22-4260-ab72-5073048df100",
      "57b9893d-33b1-4419-bcea-a717ea87e139",
      "7af43613-6bb9-4a0e-8c4d-1314b799425e",
      "1a4bc881-9f69-4d44-8c9a-d37d08f54c50",
      "d0cc8694-fcad-43ff-ac86-32331d7e867f",
      "4fa66806-0dd9-4f8d-9480-3174d39c7c91",
      "1ec253ab-c220-4d63-b2de-5b40e0af9293",
    ],
  },
  ...securityCheck(check),
});

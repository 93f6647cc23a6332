/**
 * Words of Terraform identifiers and resource types, for the naming rules: snake_case, and labels that
 * repeat their resource type (`aws_s3_bucket.s3_bucket`, `aws_lb_target_group.tg`).
 */

/** `snake_case`: lower-case letters, digits and underscores. */
export function isSnakeCase(name: string): boolean {
  return /^[a-z_][a-z0-9_]*$/.test(name);
}

/** The snake_case spelling of a name: `docker-v1-alb` → `docker_v1_alb`, `dbName` → `db_name`. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toLowerCase();
}

/** Lower-case words of a name, split at `_`, `-`, `.` and camelCase humps. */
export function nameWords(name: string): string[] {
  return toSnakeCase(name)
    .split("_")
    .filter((w) => w !== "");
}

function singular(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(ses|xes|shes|ches)$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

/** Words that label by convention and say nothing about a type (`this`, `main`, `default`). */
const CONVENTIONAL = new Set(["this", "main", "default", "current", "self"]);

/** Short forms of type words that people use in labels. */
const WORD_ABBREVIATIONS: Record<string, string[]> = {
  certificate: ["cert", "certs"],
  configuration: ["config", "conf", "cfg"],
  distribution: ["dist"],
  function: ["fn", "func"],
  repository: ["repo"],
  parameter: ["param"],
  template: ["tpl", "tmpl"],
  association: ["assoc"],
  attachment: ["attach"],
  subscription: ["sub"],
  gateway: ["gw"],
  application: ["app"],
  lb: ["alb", "nlb", "elb", "loadbalancer"],
  alb: ["lb", "loadbalancer"],
  elb: ["lb", "loadbalancer"],
  instance: ["inst"],
};

/** Extra abbreviations of whole resource types (without the provider prefix). */
const TYPE_ABBREVIATIONS: Record<string, string[]> = {
  instance: ["ec2", "vm"],
  vpc_endpoint: ["vpce"],
  network_interface: ["eni"],
  nat_gateway: ["natgw"],
};

/** How each word contributes to an acronym: gateway → gw (igw, ngw), autoscaling → as (asg). */
const ACRONYM_PART: Record<string, string[]> = { gateway: ["g", "gw"], autoscaling: ["a", "as"] };

/** Two-letter acronyms that are words of their own in labels (`allow_ip`, `ci`, `db`). */
const NOT_ACRONYMS = new Set(["ip", "id", "db", "os", "io", "ui", "ci", "cd", "it", "is", "as", "at", "in", "on", "to", "up", "no", "ok", "dr", "pr", "qa", "ai", "ml", "us", "eu", "ap", "me", "my", "we", "be", "do", "go", "if", "or", "so", "an"]);

function acronyms(words: string[]): Set<string> {
  const out = new Set<string>();
  for (let k = 2; k <= words.length; k++) {
    let forms = [""];
    for (const word of words.slice(words.length - k)) {
      const parts = ACRONYM_PART[word] ?? [word.charAt(0)];
      forms = forms.flatMap((f) => parts.map((p) => f + p));
    }
    for (const form of forms) if (form.length >= 2 && !NOT_ACRONYMS.has(form)) out.add(form);
  }
  return out;
}

export interface Repetition {
  /** The label's word that repeats the type. */
  word: string;
  /** "type": the type's own last word (`nat_eip`, `public_subnets`); "abbreviation": an abbreviation or another word of the type (`tg`, `asg`, `public_route`). */
  kind: "type" | "abbreviation";
  /** Whether the label holds nothing but such words (`aws_vpc.vpc`, `aws_lb.alb`). */
  whole: boolean;
  /** The label without the repeated words, when something is left. */
  rest: string | null;
}

/**
 * Whether a resource label repeats its type: its type's last word or an abbreviation of it anywhere
 * (`aws_eip.nat_eip`, `aws_security_group.web_sg`, `aws_lb_target_group.tg`), or nothing but words of
 * the type (`aws_route_table.route`, `aws_acm_certificate_validation.cert`). A label that uses another
 * word of the type next to a purpose (`aws_iam_instance_profile.ecs_instance`) describes, not repeats.
 */
export function typeRepetition(type: string, label: string): Repetition | null {
  // Version words (`kubernetes_ingress_v1`) are not part of what the type is.
  const typeWords = type
    .split("_")
    .slice(1)
    .filter((w) => !/^v\d+(beta\d*|alpha\d*)?$/.test(w));
  const head = typeWords[typeWords.length - 1];
  if (head === undefined || head.length < 2) return null;
  const headShort = new Set<string>([...acronyms(typeWords), ...(TYPE_ABBREVIATIONS[typeWords.join("_")] ?? []), ...(WORD_ABBREVIATIONS[head] ?? [])]);
  const others = new Set<string>();
  for (const word of typeWords.slice(0, -1)) {
    if (word.length < 2 || CONVENTIONAL.has(word)) continue;
    others.add(word);
    for (const short of WORD_ABBREVIATIONS[word] ?? []) others.add(short);
  }
  let found: Repetition | null = null;
  let other: string | null = null;
  const kept: string[] = [];
  const labelWords = nameWords(label);
  labelWords.forEach((original, index) => {
    // Only the ends of a label repeat the type (`nat_eip`, `bucket_logs`); a word inside it is part of a longer name.
    const atEnd = index === 0 || index === labelWords.length - 1;
    // `subnet1` is a subnet; `s3` and `ec2` are words of their own.
    const stripped = original.replace(/\d+$/, "");
    const forms = [original, ...(stripped.length >= 2 && stripped !== original ? [stripped] : [])].flatMap((f) => [f, singular(f)]);
    const raw = original;
    const is = (set: ReadonlySet<string>): boolean => forms.some((f) => set.has(f));
    const isHead = forms.includes(head);
    if (CONVENTIONAL.has(raw)) kept.push(original);
    else if (atEnd && isHead) {
      if (found === null || found.kind === "abbreviation") found = { word: raw, kind: "type", whole: false, rest: null };
    } else if (atEnd && is(headShort)) {
      found ??= { word: raw, kind: "abbreviation", whole: false, rest: null };
    } else if (is(others) || isHead || is(headShort)) other ??= raw;
    else kept.push(original);
  });
  if (found === null && other !== null && kept.length === 0) found = { word: other, kind: "abbreviation", whole: true, rest: null };
  if (found === null) return null;
  found.whole = kept.length === 0;
  found.rest = kept.length === 0 ? null : kept.join("_");
  return found;
}

/**
 * What a secret looks like. Names are matched on word parts (`db_password`, `clientSecret`,
 * `SLACK_WEBHOOK_URL`); text is matched only on high-confidence shapes (key prefixes, private key
 * headers), so prose that mentions a password is not a finding.
 */

/** Words that, as the last word of a name, say the name holds a secret. */
const SECRET_HEADS = new Set(["password", "passwd", "passphrase", "pwd", "secret", "token", "apikey", "credential", "credentials", "webhook"]);
/** `*_key` holds a secret only after one of these: `api_key`, `secret_key`, `private_key` … */
const SECRET_KEY_QUALIFIERS = new Set(["api", "access", "secret", "private", "auth", "signing", "encryption", "master", "license", "client", "app", "consumer", "integration", "hmac"]);
/** A last word that only says "the value of": `secret_string`, `password_value`, `token_b64`. */
const VALUE_SUFFIXES = new Set(["value", "string", "data", "b64", "base64", "pem", "plain", "plaintext", "text", "url", "uri"]);
/** Names that describe a secret rather than hold it, whatever their words. */
const NOT_A_SECRET = /^(key_name|key_pair|key_pair_name|public_key|kms_key|kms_key_id|ssh_key_name|version_token|.*_(arn|arns|id|ids|name|names|path|paths|file|length|version|date|time|timestamp|policy|rotation|ttl|validity|units|type|format|mode|count|enabled|required))$/;
/** A word anywhere in the name that makes it about a secret's location, not the secret: `ssm_path_password`, `secret_arn_list`. */
const LOCATION_WORDS = new Set(["path", "paths", "arn", "arns", "ssm", "parameter", "ref"]);

function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

function isSecretHead(parts: string[], i: number): boolean {
  const word = parts[i] ?? "";
  if (SECRET_HEADS.has(word)) return true;
  if (word === "key") return SECRET_KEY_QUALIFIERS.has(parts[i - 1] ?? "");
  if (word === "string" && parts[i - 1] === "connection") return true;
  return false;
}

/**
 * Whether an argument, variable, output or key name says it holds a secret: its last word is a
 * secret noun (`db_password`, `clientSecret`, `API_TOKEN`, `access_key`), or a value suffix after one
 * (`secret_string`, `webhook_url`). Names about a secret (`password_length`, `secret_arn`,
 * `token_rotated_date`, `manage_master_user_password`, `key_name`) do not.
 */
const secretNameCache = new Map<string, boolean>();

export function isSecretName(name: string): boolean {
  let known = secretNameCache.get(name);
  if (known === undefined) {
    known = computeIsSecretName(name);
    // Names repeat across a repository (`name`, `tags`, `description`): remember the answer.
    if (secretNameCache.size < 100_000) secretNameCache.set(name, known);
  }
  return known;
}

function computeIsSecretName(name: string): boolean {
  const w = words(name);
  if (w === "" || NOT_A_SECRET.test(w)) return false;
  if (/^(manage|enable|create|generate|rotate|store|use|require|skip)_/.test(w)) return false;
  // Idempotency and request tokens are not credentials: `creation_token`, `client_token`.
  if (/(^|_)(creation|idempotency|client_request|client|request|sync|continuation|next|page)_token$/.test(w)) return false;
  const parts = w.split("_");
  if (parts.some((p) => LOCATION_WORDS.has(p))) return false;
  const last = parts.length - 1;
  if (isSecretHead(parts, last)) return true;
  if (VALUE_SUFFIXES.has(parts[last] ?? "") && last > 0 && isSecretHead(parts, last - 1)) return true;
  return false;
}

/** Values that are obviously not real secrets: empty, placeholders, references to a secret store, names of secrets. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  // `KUBE_TOKEN`, `DB_PASSWORD`: the name of a secret held elsewhere (a CI secret, an env variable).
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(v)) return true;
  // Permissions, switches and dates: `id-token: write`, `token_rotated = "26-09-2023"`.
  if (/^(read|write|none|true|false|yes|no|on|off|enabled|disabled|required|optional|auto|default|null|always|never|inherit|private|public|seconds|minutes|hours|days)$/i.test(v)) return true;
  // Too short to be a credential: a key name inside a secret (`url`), a flag.
  if (v.length <= 4) return true;
  // Instructions instead of a value: `populate-manually`, `set-me`, `to be filled in`.
  if (/^(populate|set|fill|update|replace|enter|add|insert|to[-_ ]?be)[-_ ]?(it[-_ ])?(me|manually|in|later|here|value|set|filled|populated|replaced)\b/i.test(v) || /^(manually|manual|later|unset|not[-_ ]?set)$/i.test(v)) return true;
  if (/^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T].*)?$/.test(v)) return true;
  // Paths and plain URLs point at a secret; they are not one.
  if (/^(\/|\.\/|\.\.\/|~\/|file:\/\/)/.test(v) || /^https?:\/\/[^:@\s]+$/.test(v)) return true;
  if (/^(\*+|x+|<[^>]*>|\[[^\]]*\]|\$\{[^}]*\}|\{\{[^}]*\}\}|%[A-Z_]+%|\$[A-Z_][A-Z0-9_]*|none|null|nil|undefined|todo|tbd|n\/a|replace[_-]?me|your[_-].*|example|dummy|placeholder)$/i.test(v)) return true;
  if (/^(arn:aws:(secretsmanager|ssm|kms):|projects\/[^/]+\/secrets\/|vault:|ssm:|secretsmanager:|op:\/\/|sm:\/\/)/.test(v)) return true;
  return false;
}

export interface SecretShape {
  kind: string;
  start: number;
  end: number;
}

const SHAPES: [RegExp, string][] = [
  [/\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA)[A-Z0-9]{16}\b/g, "an AWS access key id"],
  [/-----BEGIN (RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY( BLOCK)?-----/g, "a private key"],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/g, "a GitHub token"],
  [/\bgithub_pat_[A-Za-z0-9_]{60,}\b/g, "a GitHub token"],
  [/\bglpat-[A-Za-z0-9_-]{20,}\b/g, "a GitLab token"],
  [/\bxox[baprs]-[A-Za-z0-9-]{10,}\b/g, "a Slack token"],
  [/https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/g, "a Slack webhook URL"],
  [/https:\/\/(discord(app)?\.com)\/api\/webhooks\/\d+\/[A-Za-z0-9_-]+/g, "a Discord webhook URL"],
  [/https:\/\/[a-z0-9-]+\.webhook\.office\.com\/webhookb2\/[A-Za-z0-9@/_-]+/g, "a Microsoft Teams webhook URL"],
  [/\bsk_live_[A-Za-z0-9]{20,}\b/g, "a Stripe secret key"],
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, "a Google API key"],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]+:[^\s@/'"$]{3,}@[^\s'"]+/g, "a URL with a password in it"],
];

/** Cheap test for text that cannot hold any of SHAPES, so most text skips the dozen searches. */
const MAYBE_SHAPE = /A[KSGIRN][A-Z]{2}|PRIVATE KEY|gh[pousr]_|github_pat_|glpat-|xox[baprs]-|hooks\.slack|discord|webhook\.office|sk_live_|AIza|:\/\/[^\s:/@'"]+:[^\s@/'"$]/;

/** High-confidence secrets in free text (scripts, templates, YAML values, heredocs). */
export function findSecretShapes(text: string): SecretShape[] {
  const out: SecretShape[] = [];
  if (!MAYBE_SHAPE.test(text)) return out;
  for (const [pattern, kind] of SHAPES) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      if (kind === "a URL with a password in it") {
        const password = /:\/\/[^:/@]+:([^@]+)@/.exec(m[0])?.[1] ?? "";
        if (isPlaceholder(password) || /^\$|^\{/.test(password)) continue;
      }
      out.push({ kind, start: m.index, end: m.index + m[0].length });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

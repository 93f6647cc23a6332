/**
 * What a secret looks like. Names are matched on word parts (`db_password`, `clientSecret`,
 * `SLACK_WEBHOOK_URL`); text is matched only on high-confidence shapes (key prefixes, private key
 * headers), so prose that mentions a password is not a finding.
 */

const SECRET_WORDS = /(^|[_-])(password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?key|credentials?|webhook(_url)?|license[_-]?key|signing[_-]?key|encryption[_-]?key|master[_-]?key|connection[_-]?string)([_-]|$)/;

/** Name parts that say the value is not the secret itself but about it. */
const NOT_A_SECRET = /(^|[_-])(arn|id|ids|name|names|path|file|length|len|version|policy|rotation|required|enabled|enable|manage|type|kms|prefix|suffix|count|min|max|expiry|expiration|ttl|validity|days|hours|seconds|public|pub|key[_-]?pair|algorithm|location|lookup|sensitive|source|parameter|ref|reference|wo|store|format|mode|hint|reset|policy[_-]?name|header|endpoint|output|regex|pattern|description|template|secret[_-]?name|secret[_-]?id|username|user)([_-]|$)/;

function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_");
}

/** Whether an argument, variable, output or key name says it holds a secret. */
export function isSecretName(name: string): boolean {
  const w = words(name);
  if (!SECRET_WORDS.test(w)) return false;
  // `password_length`, `secret_arn`, `manage_master_user_password`, `key_name` … describe a secret, not hold it.
  const last = w.split("_").pop() ?? "";
  if (NOT_A_SECRET.test(w) && !SECRET_WORDS.test(last) && !/^(password|secret|token|key)$/.test(last)) return false;
  if (/^(manage|enable|create|generate|rotate|store|use)_/.test(w)) return false;
  // Idempotency and request tokens are not credentials: `creation_token`, `client_token`.
  if (/(^|_)(creation|idempotency|client_request|client|request|sync|continuation|next|page)_token$/.test(w)) return false;
  return true;
}

/** Values that are obviously not real secrets: empty, placeholders, references to a secret store. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (/^(\*+|x+|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|%[A-Z_]+%|\$[A-Z_][A-Z0-9_]*|none|null|nil|undefined|todo|tbd|n\/a|replace[_-]?me|your[_-].*|example|dummy|placeholder)$/i.test(v)) return true;
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

/** High-confidence secrets in free text (scripts, templates, YAML values, heredocs). */
export function findSecretShapes(text: string): SecretShape[] {
  const out: SecretShape[] = [];
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

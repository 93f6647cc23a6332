/**
 * What a boot script does that makes a machine depend on the internet at boot: package installs,
 * downloads, `curl … | bash`. Line-based, on the text `scriptOf` gives (interpolations are `${…}`).
 */

export interface BootStep {
  /** 1-based line in the script text. */
  line: number;
  /** Offset of the line's first non-blank character in the text. */
  start: number;
  end: number;
  /** A short description: `apt-get install`, `curl | bash`, `wget`. */
  kind: string;
}

const PIPE_TO_SHELL = /\b(curl|wget)\b[^\n|]*\|\s*(sudo\s+(-\S+\s+)*)?(ba|z|da|k)?sh\b/;
const INSTALLS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/\b(apt-get|apt|aptitude)\s+(?:[^;&|\n#]*\s)?(install|upgrade|dist-upgrade|full-upgrade)\b/, (m) => `${m[1]} ${m[2]}`],
  [/\b(yum|dnf|tdnf|microdnf|zypper)\s+(?:[^;&|\n#]*\s)?(install|localinstall|groupinstall|update|upgrade)\b/, (m) => `${m[1]} ${m[2]}`],
  [/\bapk\s+(?:[^;&|\n#]*\s)?add\b/, () => "apk add"],
  [/\bamazon-linux-extras\s+(?:[^;&|\n#]*\s)?install\b/, () => "amazon-linux-extras install"],
  [/\b(snap|choco|gem|brew)\s+(?:[^;&|\n#]*\s)?install\b/, (m) => `${m[1]} install`],
  [/\b(pip[0-9.]*|python[0-9.]*\s+-m\s+pip)\s+(?:[^;&|\n#]*\s)?install\b/, (m) => `${(m[1] as string).split(/\s/)[0]?.startsWith("python") === true ? "pip" : m[1]} install`],
  [/\b(npm|yarn|pnpm)\s+(install|ci|add|i)\b/, (m) => `${m[1]} ${m[2]}`],
  [/\brpm\s+-[A-Za-z]*[iU][A-Za-z]*\s+(?:\S+\s+)*https?:\/\//, () => "rpm install from a URL"],
  [/\bgit\s+clone\b/, () => "git clone"],
];
/** URLs that are not downloads: instance metadata, the ECS agent, the machine itself. */
const LOCAL_URL = /^(https?:\/\/)?(169\.254\.\d+\.\d+|\[?fd00:ec2::254\]?|localhost|127\.0\.0\.1|0\.0\.0\.0|metadata\.google\.internal|metadata)([:/]|$)/i;
const URL = /\bhttps?:\/\/[^\s"'`)]+|\bs3:\/\/\S+/g;

function isDownload(line: string): string | null {
  const tool = /\b(curl|wget|Invoke-WebRequest|iwr|Start-BitsTransfer)\b/i.exec(line);
  if (tool === null) return null;
  const urls = line.slice(tool.index).match(URL) ?? [];
  if (urls.length > 0 && urls.every((u) => LOCAL_URL.test(u))) return null;
  if (urls.length === 0 && /\$\{…\}|\$[A-Z_{(]/.test(line) && /169\.254|metadata/i.test(line)) return null;
  const name = (tool[1] as string).toLowerCase();
  if (name === "wget") return urls.length > 0 || /\$\{…\}|\$[A-Za-z_{]/.test(line) ? "wget" : null;
  if (name === "curl") {
    // curl only downloads something kept when it writes a file or feeds an unpacker.
    const after = line.slice(tool.index);
    if (/\s(-[A-Za-z]*[oO][A-Za-z]*|--output|--remote-name(-all)?)(\s|=|$)/.test(after) || /[^2]>\s*[^&\s]/.test(after) || /\|\s*(sudo\s+)?(tar|unzip|gunzip|gzip|bunzip2|xz|dpkg|rpm|tee|python|node|perl|ruby)\b/.test(after)) {
      return urls.length > 0 || /\$\{…\}|\$[A-Za-z_{]/.test(after) ? "curl download" : null;
    }
    return null;
  }
  return /-OutFile|Start-BitsTransfer/i.test(line) ? "web download" : null;
}

/** Boot steps that download or install software, in line order. */
export function bootDownloads(text: string): BootStep[] {
  const out: BootStep[] = [];
  let offset = 0;
  const lines = text.split("\n");
  let inPackages = false;
  const cloudConfig = /^\s*#cloud-config\b/.test(text);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const start = offset + (raw.length - raw.trimStart().length);
    const end = offset + raw.trimEnd().length;
    offset += raw.length + 1;
    const line = raw.trim();
    if (line === "") continue;
    if (cloudConfig) {
      // cloud-init's own package installation: `packages:` followed by a list, and package_upgrade.
      if (/^packages:\s*\[\s*\S/.test(line)) out.push({ line: i + 1, start, end, kind: "cloud-init packages" });
      if (/^(package_upgrade|package_update_upgrade):\s*true\b/.test(line)) out.push({ line: i + 1, start, end, kind: "cloud-init package_upgrade" });
      if (/^packages:\s*$/.test(line)) {
        inPackages = true;
        continue;
      }
      if (inPackages) {
        if (/^-\s*\S/.test(line)) {
          out.push({ line: i + 1, start, end, kind: "cloud-init packages" });
          inPackages = false;
          continue;
        }
        if (!raw.startsWith(" ") && !raw.startsWith("-")) inPackages = false;
      }
    }
    if (line.startsWith("#") || line.startsWith("REM ") || line.startsWith("::")) continue;
    const code = line.replace(/\s#\s.*$/, "");
    if (/^(echo|printf|cat)\b/.test(code) && !/\|\s*(ba)?sh\b/.test(code)) continue;
    if (PIPE_TO_SHELL.test(code)) {
      const tool = /\bwget\b/.test(code) && !/\bcurl\b/.test(code) ? "wget" : "curl";
      out.push({ line: i + 1, start, end, kind: `${tool} | sh` });
      continue;
    }
    let matched = false;
    for (const [pattern, describe] of INSTALLS) {
      const m = pattern.exec(code);
      if (m === null) continue;
      out.push({ line: i + 1, start, end, kind: describe(m) });
      matched = true;
      break;
    }
    if (matched) continue;
    const download = isDownload(code);
    if (download !== null) out.push({ line: i + 1, start, end, kind: download });
  }
  return out;
}

/** Container image references: whether one is pinned (a version tag or a digest), `latest`, or untagged. */

export type ImagePin = "pinned" | "latest" | "untagged" | "unknown";

/** Reads `[registry[:port]/]name[:tag][@digest]`; anything with variables or templates in it is unknown. */
export function imagePin(reference: string): ImagePin {
  const ref = reference.trim();
  if (ref === "" || /[$`{}<>\s]/.test(ref)) return "unknown";
  if (/@sha256:[0-9a-f]{16,}/i.test(ref)) return "pinned";
  if (!/^[A-Za-z0-9][A-Za-z0-9._\-/:]*$/.test(ref)) return "unknown";
  const lastSlash = ref.lastIndexOf("/");
  const colon = ref.indexOf(":", lastSlash + 1);
  if (colon < 0) return ref.toLowerCase() === "scratch" ? "pinned" : "untagged";
  const tag = ref.slice(colon + 1);
  if (tag === "") return "unknown";
  return tag.toLowerCase() === "latest" ? "latest" : "pinned";
}

/** Whether a string plausibly names a container image (not a sentence, a path or a URL). */
export function looksLikeImage(value: string): boolean {
  return /^[a-z0-9][a-z0-9._\-/]*(?::[A-Za-z0-9._-]+)?(?:@sha256:[0-9a-f]+)?$/.test(value.trim()) && !value.includes("//");
}

/** How a finding describes an image problem: `"nginx:latest"` or `untagged "nginx" (so: latest)`. */
export function describeImage(reference: string, pin: ImagePin): string {
  return pin === "latest" ? `"${reference}"` : `"${reference}" (untagged, so latest)`;
}

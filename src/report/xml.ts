/** Escaping for XML 1.0 documents written as text. */

/**
 * Characters XML 1.0 does not allow anywhere, not even as character references: the C0 controls
 * other than tab, line feed and carriage return, U+FFFE, U+FFFF, and UTF-16 surrogates that are not
 * part of a pair. (With the `u` flag a surrogate range only matches unpaired surrogates.)
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/gu;

/** U+FFFD REPLACEMENT CHARACTER: keeps a visible trace where a forbidden character was. */
const REPLACEMENT = "\uFFFD";

/** Replaces the characters XML 1.0 forbids, so any string can be written into a document. */
export function xmlSafe(text: string): string {
  return text.replace(FORBIDDEN, REPLACEMENT);
}

/**
 * Escapes text for element content. `>` is escaped too, so `]]>` can never appear; carriage returns
 * become references because a parser would otherwise turn CR LF into LF.
 */
export function escapeXmlText(text: string): string {
  return xmlSafe(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}

/**
 * Escapes text for a double-quoted attribute value. Tab and line feed become character
 * references (carriage return already is) because a parser would otherwise normalise them to spaces.
 */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, "&quot;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;");
}

/** `name="value" name2="value2"`, escaped, in the given order. */
export function xmlAttributes(attributes: ReadonlyArray<readonly [string, string | number]>): string {
  return attributes.map(([name, value]) => `${name}="${escapeXmlAttribute(String(value))}"`).join(" ");
}

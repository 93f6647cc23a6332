/**
 * Number formatting as Terraform does it. Terraform numbers are arbitrary-precision floats formatted
 * with Go's math/big; cairn's are IEEE doubles. A double is treated as its shortest round-trip
 * decimal (0.1 is "0.1", not 0.1000000000000000055…), which is what Terraform holds for a number
 * written in the configuration, and is then rounded with Go's rules (half to even on that decimal).
 */

/** value = 0.digits × 10^exp; `digits` has no leading or trailing zeros and is empty for zero. */
interface Decimal {
  digits: string;
  exp: number;
}

function toDecimal(abs: number): Decimal {
  if (abs === 0) return { digits: "", exp: 0 };
  // toExponential() without an argument gives the shortest digits that round-trip.
  const [mantissa = "", exponent = "0"] = abs.toExponential().split("e");
  const digits = mantissa.replace(".", "").replace(/0+$/, "");
  return { digits, exp: Number(exponent) + 1 };
}

/** Rounds to `n` digits, half to even (Go's decimal.round). */
function round(d: Decimal, n: number): Decimal {
  if (n < 0 || n >= d.digits.length) return d;
  const next = d.digits.charCodeAt(n) - 48;
  const halfway = next === 5 && n + 1 === d.digits.length;
  const up = halfway ? n > 0 && (d.digits.charCodeAt(n - 1) - 48) % 2 === 1 : next >= 5;
  if (!up) return { digits: d.digits.slice(0, n).replace(/0+$/, ""), exp: d.exp };
  let i = n;
  while (i > 0 && d.digits[i - 1] === "9") i--;
  if (i === 0) return { digits: "1", exp: d.exp + 1 };
  return { digits: d.digits.slice(0, i - 1) + String.fromCharCode(d.digits.charCodeAt(i - 1) + 1), exp: d.exp };
}

function digitAt(d: Decimal, i: number): string {
  return i >= 0 && i < d.digits.length ? (d.digits[i] as string) : "0";
}

/** %e: d.ddddde±dd */
function fmtE(d: Decimal, prec: number, letter: "e" | "E"): string {
  let out = d.digits.length > 0 ? (d.digits[0] as string) : "0";
  if (prec > 0) {
    out += ".";
    for (let i = 1; i <= prec; i++) out += digitAt(d, i);
  }
  const exp = d.digits.length > 0 ? d.exp - 1 : 0;
  const abs = Math.abs(exp);
  return `${out}${letter}${exp < 0 ? "-" : "+"}${abs < 10 ? "0" : ""}${abs}`;
}

/** %f: ddddd.ddddd */
function fmtF(d: Decimal, prec: number): string {
  let out = "";
  if (d.exp > 0) {
    for (let i = 0; i < d.exp; i++) out += digitAt(d, i);
  } else {
    out = "0";
  }
  if (prec > 0) {
    out += ".";
    for (let i = 0; i < prec; i++) out += digitAt(d, d.exp + i);
  }
  return out;
}

/**
 * Go's big.Float.Text(verb, prec) for a finite or infinite double; `prec` -1 means the shortest
 * representation. Terraform converts numbers to strings with ('f', -1) and `%v` uses ('g', -1).
 */
export function formatGoFloat(n: number, verb: "e" | "E" | "f" | "g" | "G", prec: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : "-Inf";
  const sign = n < 0 ? "-" : "";
  let d = toDecimal(Math.abs(n));
  const shortest = prec < 0;
  if (shortest) {
    if (verb === "e" || verb === "E") prec = d.digits.length - 1;
    else if (verb === "f") prec = Math.max(d.digits.length - d.exp, 0);
    else prec = d.digits.length;
  } else if (verb === "e" || verb === "E") {
    d = round(d, 1 + prec);
  } else if (verb === "f") {
    d = round(d, d.exp + prec);
  } else {
    if (prec === 0) prec = 1;
    d = round(d, prec);
  }
  switch (verb) {
    case "e":
    case "E":
      return sign + fmtE(d, prec, verb);
    case "f":
      return sign + fmtF(d, prec);
    case "g":
    case "G": {
      let eprec = prec;
      if (eprec > d.digits.length && d.digits.length >= d.exp) eprec = d.digits.length;
      if (shortest) eprec = 6;
      const exp = d.exp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > d.digits.length) prec = d.digits.length;
        return sign + fmtE(d, prec - 1, verb === "g" ? "e" : "E");
      }
      if (prec > d.exp) prec = d.digits.length;
      return sign + fmtF(d, Math.max(prec - d.exp, 0));
    }
  }
}

export interface GoFlags {
  plus: boolean;
  minus: boolean;
  space: boolean;
  zero: boolean;
  sharp: boolean;
  width?: number;
  prec?: number;
}

/** Go's fmt with a *big.Float operand for %e %E %f %g %G: sign flags, width, zero padding. */
export function goFormatFloat(n: number, verb: "e" | "E" | "f" | "g" | "G", flags: GoFlags): string {
  // Without a precision, %e and %f use 6 digits and %g the shortest representation.
  const prec = flags.prec ?? (verb === "g" || verb === "G" ? -1 : 6);
  let body = formatGoFloat(n, verb, prec);
  let sign = "";
  if (body.startsWith("-")) {
    sign = "-";
    body = body.slice(1);
  } else if (body.startsWith("+")) {
    sign = flags.space ? " " : "+";
    body = body.slice(1);
  } else if (flags.plus) {
    sign = "+";
  } else if (flags.space) {
    sign = " ";
  }
  const padding = flags.width !== undefined ? Math.max(flags.width - sign.length - body.length, 0) : 0;
  // Go's fmt clears the zero flag when the minus flag is present.
  if (flags.zero && !flags.minus && Number.isFinite(n)) return sign + "0".repeat(padding) + body;
  if (flags.minus) return sign + body + " ".repeat(padding);
  return " ".repeat(padding) + sign + body;
}

/** Go's fmt with a *big.Int operand for %b %d %o %x %X. */
export function goFormatInteger(n: bigint, verb: "b" | "d" | "o" | "x" | "X", flags: GoFlags): string {
  const base = { b: 2, d: 10, o: 8, x: 16, X: 16 }[verb];
  const negative = n < 0n;
  let digits = (negative ? -n : n).toString(base);
  if (verb === "X") digits = digits.toUpperCase();
  const sign = negative ? "-" : flags.plus ? "+" : flags.space ? " " : "";
  let prefix = "";
  if (flags.sharp) prefix = { b: "0b", d: "", o: "0", x: "0x", X: "0X" }[verb];
  let zeros = 0;
  if (flags.prec !== undefined) {
    if (digits.length < flags.prec) zeros = flags.prec - digits.length;
    // Go prints nothing at all (not even padding) for a zero value with zero precision.
    else if (digits === "0" && flags.prec === 0) return "";
  }
  const length = sign.length + prefix.length + zeros + digits.length;
  let left = 0;
  let right = 0;
  if (flags.width !== undefined && length < flags.width) {
    const d = flags.width - length;
    if (flags.minus) right = d;
    else if (flags.zero && flags.prec === undefined) zeros = d;
    else left = d;
  }
  return " ".repeat(left) + sign + prefix + "0".repeat(zeros) + digits + " ".repeat(right);
}

/**
 * Terraform does arithmetic on 512-bit floats, so 0.1 + 0.2 is 0.3; on doubles it is
 * 0.30000000000000004. Results of arithmetic on fractions are rounded to 15 significant digits,
 * which removes that noise for numbers written in configurations.
 */
export function tidy(n: number): number {
  return Number.isInteger(n) || !Number.isFinite(n) ? n : Number(n.toPrecision(15));
}

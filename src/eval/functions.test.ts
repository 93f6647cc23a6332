import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FunctionContext } from "./functions.js";
import { callFunction, SUPPORTED_FUNCTIONS } from "./functions.js";
import type { Origin, Value } from "./value.js";
import { bool, isSensitive, list, markSensitive, NULL, num, object, str, unknown, withOrigin } from "./value.js";

const FILES = new Map([
  ["templates/web.tpl", "Hello, ${name}!"],
  ["files/motd.txt", "welcome\n"],
]);

/** Files from FILES; templates substitute ${name} with string variables. */
const ctx: FunctionContext = {
  readFile: (path) => FILES.get(path) ?? null,
  renderTemplate: (text, vars) => {
    let missing: string | undefined;
    const out = text.replace(/\$\{(\w+)\}/g, (_m, name: string) => {
      const v = vars.get(name);
      if (v?.kind === "string") return v.value;
      missing ??= name;
      return "";
    });
    return missing === undefined ? str(out) : unknown(`template variable ${missing} is not a known string`);
  },
};

const call = (name: string, ...args: Value[]): Value => callFunction(name, args, ctx);

const s = str;
const n = num;
const b = bool;
const l = (...items: Value[]): Value => list(items);
const set = (...items: Value[]): Value => list(items, true);
const o = (entries: Record<string, Value>): Value => object(entries);
const secret = <V extends Value>(v: V): V => markSensitive(v);
const err = (reason: string): Value => unknown(`error: ${reason}`);

const REASON = "computed by AWS after apply";
const U = unknown(REASON);

const ORIGIN: Origin = { label: "var.admin_cidr", file: "variables.tf", start: 10, end: 20 };

function assertUnknownFrom(actual: Value, fn: string, reason = REASON): void {
  assert.equal(actual.kind, "unknown", `expected unknown, got ${JSON.stringify(actual)}`);
  if (actual.kind === "unknown") assert.equal(actual.reason, `${fn}(): ${reason}`);
}

function assertError(actual: Value, fn: string, pattern: RegExp): void {
  assert.equal(actual.kind, "unknown", `expected an error, got ${JSON.stringify(actual)}`);
  if (actual.kind !== "unknown") return;
  assert.ok(actual.reason.startsWith(`error: ${fn}`), `reason should start with "error: ${fn}": ${actual.reason}`);
  assert.match(actual.reason, pattern);
}

interface Case {
  /** Calls and their exact results. */
  ok?: [Value[], Value][];
  /** A call with an unknown argument; "unknown" expects an unknown naming the function and keeping REASON. */
  unknown?: [Value[], Value | "unknown"][];
  errors?: [Value[], RegExp][];
}

const ALWAYS_UNKNOWN = unknown("changes on every run");

const CASES: Record<string, Case> = {
  abs: {
    ok: [
      [[n(23)], n(23)],
      [[n(0)], n(0)],
      [[n(-12.4)], n(12.4)],
      [[s("-3")], n(3)],
    ],
    unknown: [[[U], "unknown"]],
    errors: [
      [[s("x")], /num must be a number/],
      [[NULL], /must not be null/],
    ],
  },
  abspath: {
    ok: [
      [[s("/etc/../tmp/./x/")], s("/tmp/x")],
      [[s("modules/web")], unknown("abspath(): depends on the machine running terraform")],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[l()], /path must be a string/]],
  },
  alltrue: {
    ok: [
      [[l(s("true"), b(true))], b(true)],
      [[l(b(true), b(false))], b(false)],
      [[l()], b(true)],
      [[l(b(true), NULL)], b(false)],
    ],
    unknown: [
      [[l(b(true), U)], "unknown"],
      [[U], "unknown"],
    ],
    errors: [[[l(n(1))], /element 0 must be a bool/]],
  },
  anytrue: {
    ok: [
      [[l(s("true"))], b(true)],
      [[l(b(true), b(false))], b(true)],
      [[l()], b(false)],
      [[l(U, b(true))], b(true)],
    ],
    unknown: [[[l(b(false), U)], "unknown"]],
    errors: [[[l(s("yes"))], /must be a bool/]],
  },
  base64decode: {
    ok: [[[s("SGVsbG8gV29ybGQ=")], s("Hello World")]],
    unknown: [[[U], "unknown"]],
    errors: [
      [[s("SGVsbG8gV29ybGQ")], /failed to decode base64 data "SGVsbG8gV29ybGQ"/],
      [[s("/w==")], /not valid UTF-8/],
    ],
  },
  base64encode: {
    ok: [[[s("Hello World")], s("SGVsbG8gV29ybGQ=")]],
    unknown: [[[U], "unknown"]],
    errors: [[[l()], /must be a string/]],
  },
  base64sha256: {
    ok: [[[s("hello world")], s("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=")]],
    unknown: [[[U], "unknown"]],
    errors: [[[o({})], /must be a string/]],
  },
  base64sha512: {
    ok: [[[s("hello world")], s("MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw==")]],
    unknown: [[[U], "unknown"]],
    errors: [[[l()], /str must be a string, not a list/]],
  },
  basename: {
    ok: [
      [[s("foo/bar/baz.txt")], s("baz.txt")],
      [[s("foo/bar/")], s("bar")],
      [[s("")], s(".")],
      [[s("///")], s("/")],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[NULL], /path must not be null/]],
  },
  bcrypt: {
    ok: [[[s("password")], ALWAYS_UNKNOWN]],
    unknown: [[[U], "unknown"]],
    errors: [[[s("pw"), n(50)], /cost 50 is outside the allowed range/]],
  },
  can: {
    ok: [
      [[s("x")], b(true)],
      [[err("element(): cannot use element function with an empty list")], b(false)],
      [[l(s("a"), err("nested"))], b(false)],
    ],
    unknown: [
      [[U], "unknown"],
      [[l(s("a"), U)], "unknown"],
    ],
    errors: [[[s("a"), s("b")], /takes exactly 1 argument, but 2 were given/]],
  },
  ceil: {
    ok: [
      [[n(5)], n(5)],
      [[n(5.1)], n(6)],
      [[n(-5.1)], n(-5)],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[b(true)], /must be a number, not a bool/]],
  },
  chomp: {
    ok: [
      [[s("hello\n")], s("hello")],
      [[s("hello\r\n")], s("hello")],
      [[s("hello\n\n")], s("hello")],
      [[s("hello\nworld")], s("hello\nworld")],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[l()], /must be a string/]],
  },
  chunklist: {
    ok: [
      [[l(s("a"), s("b"), s("c"), s("d"), s("e")), n(2)], l(l(s("a"), s("b")), l(s("c"), s("d")), l(s("e")))],
      [[l(s("a"), s("b")), n(1)], l(l(s("a")), l(s("b")))],
      [[l(s("a"), s("b")), n(0)], l(l(s("a"), s("b")))],
      [[l(s("a"), U), n(2)], l(l(s("a"), U))],
    ],
    unknown: [
      [[U, n(2)], "unknown"],
      [[l(s("a")), U], "unknown"],
    ],
    errors: [[[l(s("a")), n(-1)], /the size argument must be positive/]],
  },
  cidrhost: {
    ok: [
      [[s("10.12.112.0/20"), n(16)], s("10.12.112.16")],
      [[s("10.12.112.0/20"), n(268)], s("10.12.113.12")],
      [[s("fd00:fd12:3456:7890:00a2::/72"), n(34)], s("fd00:fd12:3456:7890::22")],
      [[s("10.0.0.0/24"), n(-1)], s("10.0.0.255")],
      [[s("10.0.0.7/24"), s("5")], s("10.0.0.5")],
    ],
    unknown: [
      [[U, n(1)], "unknown"],
      [[s("10.0.0.0/24"), U], "unknown"],
    ],
    errors: [
      [[s("10.0.0.0/24"), n(256)], /prefix of 24 does not accommodate a host numbered 256/],
      [[s("10.0.0.0/24"), n(-257)], /does not accommodate a host numbered -257/],
      [[s("10.0.0/24"), n(1)], /invalid CIDR expression: invalid CIDR address: "10.0.0\/24"/],
    ],
  },
  cidrnetmask: {
    ok: [
      [[s("172.16.0.0/12")], s("255.240.0.0")],
      [[s("10.0.0.0/32")], s("255.255.255.255")],
      [[s("0.0.0.0/0")], s("0.0.0.0")],
    ],
    unknown: [[[U], "unknown"]],
    errors: [
      [[s("fd00::/8")], /IPv6 addresses cannot have a netmask/],
      [[s("10.0.0.0")], /invalid CIDR/],
    ],
  },
  cidrsubnet: {
    ok: [
      [[s("172.16.0.0/12"), n(4), n(2)], s("172.18.0.0/16")],
      [[s("10.1.2.0/24"), n(4), n(15)], s("10.1.2.240/28")],
      [[s("fd00:fd12:3456:7890::/56"), n(16), n(162)], s("fd00:fd12:3456:7800:a200::/72")],
      [[s("10.1.2.3/24"), n(0), n(0)], s("10.1.2.0/24")],
      [[s("010.001.002.000/24"), n(8), n(1)], s("10.1.2.1/32")],
    ],
    unknown: [
      [[U, n(4), n(1)], "unknown"],
      [[s("10.0.0.0/16"), n(4), U], "unknown"],
    ],
    errors: [
      [[s("10.1.2.0/24"), n(4), n(16)], /prefix extension of 4 does not accommodate a subnet numbered 16/],
      [[s("10.1.2.0/24"), n(9), n(1)], /insufficient address space to extend prefix of 24 by 9/],
      [[s("10.0.0.0/33"), n(1), n(1)], /invalid CIDR/],
      [[s("10.256.0.0/16"), n(1), n(1)], /invalid CIDR/],
      [[s("10.0.0.0/16"), n(1.5), n(1)], /newbits must be a whole number/],
    ],
  },
  cidrsubnets: {
    ok: [
      [[s("10.1.0.0/16"), n(4), n(4), n(8), n(4)], l(s("10.1.0.0/20"), s("10.1.16.0/20"), s("10.1.32.0/24"), s("10.1.48.0/20"))],
      [
        [s("fd00:fd12:3456:7890::/56"), n(16), n(16), n(16), n(32)],
        l(s("fd00:fd12:3456:7800::/72"), s("fd00:fd12:3456:7800:100::/72"), s("fd00:fd12:3456:7800:200::/72"), s("fd00:fd12:3456:7800:300::/88")),
      ],
      [[s("10.0.0.0/8")], l()],
    ],
    unknown: [[[s("10.0.0.0/8"), n(8), U], "unknown"]],
    errors: [
      [[s("10.0.0.0/30"), n(1), n(1), n(1)], /not enough remaining address space for a subnet with a prefix of 31 bits after 10.0.0.2\/31/],
      [[s("10.0.0.0/16"), n(0)], /must extend prefix by at least one bit/],
      [[s("10.0.0.0/16"), n(17)], /would extend prefix to 33 bits, which is too long for an IPv4 address/],
    ],
  },
  coalesce: {
    ok: [
      [[s("a"), s("b")], s("a")],
      [[s(""), s("b")], s("b")],
      [[n(1), n(2)], n(1)],
      [[NULL, s("b")], s("b")],
      [[n(1), s("b")], s("1")],
      [[s("a"), U], s("a")],
      [[l(), l(s("x"))], l()],
    ],
    unknown: [
      [[U, s("b")], "unknown"],
      [[NULL, U], "unknown"],
    ],
    errors: [
      [[NULL, s("")], /no non-null, non-empty-string arguments/],
      [[n(1), b(true)], /all arguments must have the same type/],
    ],
  },
  coalescelist: {
    ok: [
      [[l(s("a"), s("b")), l(s("c"), s("d"))], l(s("a"), s("b"))],
      [[l(), l(s("c"), s("d"))], l(s("c"), s("d"))],
      [[NULL, l(U)], l(U)],
    ],
    unknown: [[[U, l(s("c"))], "unknown"]],
    errors: [
      [[l(), l()], /no non-null arguments/],
      [[s("a")], /must be a list or tuple, not a string/],
      [[set(s("a"))], /not a set/],
    ],
  },
  compact: {
    ok: [
      [[l(s("a"), s(""), s("b"), NULL, s("c"))], l(s("a"), s("b"), s("c"))],
      [[l(s("a"), U, s(""))], l(s("a"), U)],
      [[l(n(1), b(false))], l(s("1"), s("false"))],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[l(l())], /element must be a string, not a list/]],
  },
  concat: {
    ok: [
      [[l(s("a"), s("")), l(s("b"), s("c"))], l(s("a"), s(""), s("b"), s("c"))],
      [[l(s("a"), U), l(s("b"))], l(s("a"), U, s("b"))],
      [[l()], l()],
    ],
    unknown: [[[l(s("a")), U], "unknown"]],
    errors: [
      [[set(s("a")), l()], /argument 1 must be a list or tuple, not a set/],
      [[s("a")], /argument 1 must be a list or tuple, not a string/],
    ],
  },
  contains: {
    ok: [
      [[l(s("a"), s("b"), s("c")), s("a")], b(true)],
      [[l(s("a"), s("b"), s("c")), s("d")], b(false)],
      [[l(n(1)), s("1")], b(false)],
      [[set(s("a")), s("a")], b(true)],
      [[l(s("a"), U), s("a")], b(true)],
    ],
    unknown: [
      [[l(s("b"), U), s("a")], "unknown"],
      [[U, s("a")], "unknown"],
      [[l(), U], "unknown"],
    ],
    errors: [[[s("abc"), s("a")], /list must be a list or set, not a string/]],
  },
  dirname: {
    ok: [
      [[s("foo/bar/baz.txt")], s("foo/bar")],
      [[s("foo")], s(".")],
      [[s("/foo")], s("/")],
      [[s("a//b/../c/d")], s("a/c")],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[o({})], /path must be a string, not an object/]],
  },
  distinct: {
    ok: [
      [[l(s("a"), s("b"), s("a"), s("c"), s("d"), s("b"))], l(s("a"), s("b"), s("c"), s("d"))],
      [[l(l(n(1)), l(n(1)), n(1))], l(l(n(1)), n(1))],
    ],
    unknown: [[[l(s("a"), U)], "unknown"]],
    errors: [[[s("a")], /must be a list or set/]],
  },
  element: {
    ok: [
      [[l(s("a"), s("b"), s("c")), n(1)], s("b")],
      [[l(s("a"), s("b"), s("c")), n(3)], s("a")],
      [[l(s("a"), s("b"), s("c")), n(-1)], s("c")],
      [[l(s("a"), U), n(1)], U],
    ],
    unknown: [
      [[U, n(0)], "unknown"],
      [[l(s("a")), U], "unknown"],
    ],
    errors: [
      [[l(), n(0)], /^error: element\(\): cannot use element function with an empty list$/],
      [[set(s("a")), n(0)], /not a set/],
      [[l(s("a")), n(1.5)], /index must be a whole number/],
    ],
  },
  endswith: {
    ok: [
      [[s("hello world"), s("world")], b(true)],
      [[s("hello world"), s("hello")], b(false)],
    ],
    unknown: [[[U, s("d")], "unknown"]],
    errors: [[[s("a"), l()], /suffix must be a string/]],
  },
  ephemeralasnull: {
    ok: [[[s("x")], s("x")]],
    unknown: [[[U], U]],
    errors: [[[], /takes exactly 1 argument, but 0 were given/]],
  },
  file: {
    ok: [
      [[s("files/motd.txt")], s("welcome\n")],
      [[s("/etc/passwd")], unknown('file(): reads "/etc/passwd", which depends on the machine running terraform')],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[s("missing.txt")], /no file exists at "missing.txt"; this function works only with files that are distributed/]],
  },
  fileexists: {
    ok: [
      [[s("files/motd.txt")], b(true)],
      [[s("files/other.txt")], b(false)],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[s("~bob/x")], /cannot expand user-specific home dir/]],
  },
  flatten: {
    ok: [
      [[l(l(s("a"), s("b")), l(), l(s("c")))], l(s("a"), s("b"), s("c"))],
      [[l(l(l(s("a"), s("b")), l()), l(s("c")))], l(s("a"), s("b"), s("c"))],
      [[l(l(s("a")), U, NULL)], l(s("a"), U, NULL)],
      [[l(set(s("b"), s("a")))], l(s("a"), s("b"))],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[s("a")], /must be a list or set/]],
  },
  floor: {
    ok: [
      [[n(5)], n(5)],
      [[n(4.9)], n(4)],
      [[n(-1.5)], n(-2)],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[s("five")], /not a decimal number/]],
  },
  format: {
    ok: [
      [[s("Hello, %s!"), s("Ander")], s("Hello, Ander!")],
      [[s("There are %d lights"), n(4)], s("There are 4 lights")],
      [[s("%-5s|%05.2f|%q|%v"), s("ab"), n(3.14159), s("x<y"), b(true)], s('ab   |03.14|"x\\u003cy"|true')],
      [[s("%v|%v|%v|%#v"), n(1000000), n(123456), l(s("a")), s("q")], s('1e+06|123456|["a"]|"q"')],
      [[s("%x %X %#x %o %b %+d % d %08.3f %e %.3g %%"), n(255), n(255), n(255), n(8), n(5), n(5), n(5), n(-3.14159), n(1234.5678), n(3.14159)], s("ff FF 0xff 10 101 +5  5 -003.142 1.234568e+03 3.14 %")],
      [[s("%[2]s %[1]s %s"), s("a"), s("b")], s("b a b")],
      [[s("%.2s|%4s|%-4s|%t"), s("héllo"), s("é"), s("x"), s("true")], s("hé|   é|x   |true")],
      [[s("%d"), s("12")], s("12")],
    ],
    unknown: [
      [[s("%s"), U], "unknown"],
      [[s("%v"), l(U)], "unknown"],
      [[U], "unknown"],
    ],
    errors: [
      [[s("%d"), s("x")], /not a decimal number/],
      [[s("%d"), n(1.5)], /an integer is required/],
      [[s("%s"), s("a"), s("b")], /too many arguments; only 1 used by format string/],
      [[s("no verbs"), s("a")], /too many arguments; no verbs in format string/],
      [[s("%s %s"), s("a")], /not enough arguments for "%s" at 3: need index 2 but have 1 total/],
      [[s("%y"), n(1)], /unsupported format verb "y"/],
      [[s("%s"), NULL], /null value cannot be formatted/],
      [[s("100%")], /invalid format string/],
    ],
  },
  formatlist: {
    ok: [
      [[s("Hello, %s!"), l(s("Valentina"), s("Ander"))], l(s("Hello, Valentina!"), s("Hello, Ander!"))],
      [[s("%s, %s!"), s("Salutations"), l(s("Valentina"), s("Ander"))], l(s("Salutations, Valentina!"), s("Salutations, Ander!"))],
      [[s("%s=%d"), l(s("a"), s("b")), l(n(1), n(2))], l(s("a=1"), s("b=2"))],
      [[s("x")], l(s("x"))],
      [[s("%s"), l()], l()],
      [[s("%s"), l(s("a"), U)], l(s("a"), unknown(`formatlist(): ${REASON}`))],
    ],
    unknown: [[[s("%s"), U], "unknown"]],
    errors: [
      [[s("%s %s"), l(s("a")), l(s("b"), s("c"))], /argument 2 has length 2, which is inconsistent with argument 1 of length 1/],
      [[s("%d"), l(s("x"))], /error on format iteration 0/],
    ],
  },
  index: {
    ok: [
      [[l(s("a"), s("b"), s("c")), s("b")], n(1)],
      [[l(n(1), n(2)), n(2)], n(1)],
    ],
    unknown: [
      [[U, s("a")], "unknown"],
      [[l(U, s("a")), s("a")], "unknown"],
    ],
    errors: [
      [[l(s("a")), s("z")], /item not found/],
      [[l(), s("a")], /cannot search an empty list/],
    ],
  },
  indent: {
    ok: [[[n(2), s("[\n  foo,\n  bar,\n]\n")], s("[\n    foo,\n    bar,\n  ]\n  ")]],
    unknown: [[[n(2), U], "unknown"]],
    errors: [[[n(-1), s("x")], /spaces must not be negative/]],
  },
  issensitive: {
    ok: [
      [[secret(s("x"))], b(true)],
      [[s("x")], b(false)],
      [[secret(U)], b(true)],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[], /takes exactly 1 argument/]],
  },
  join: {
    ok: [
      [[s("-"), l(s("foo"), s("bar"), s("baz"))], s("foo-bar-baz")],
      [[s(", "), l(s("foo"))], s("foo")],
      [[s(","), l(), l(s("a"), n(2)), set(s("c"), s("b"))], s("a,2,b,c")],
    ],
    unknown: [
      [[s(","), l(s("a"), U)], "unknown"],
      [[U, l(s("a"))], "unknown"],
    ],
    errors: [
      [[s(","), l(NULL)], /element 0 is null; cannot concatenate null values/],
      [[s(",")], /at least one list is required/],
      [[s(","), l(l())], /element 0 must be a string, not a list/],
    ],
  },
  jsondecode: {
    ok: [
      [[s('{"hello": "world"}')], o({ hello: s("world") })],
      [[s("true")], b(true)],
      [[s('[1, null, "x", {"a": [2.5]}]')], l(n(1), NULL, s("x"), o({ a: l(n(2.5)) }))],
    ],
    unknown: [[[U], "unknown"]],
    errors: [
      [[s("{")], /invalid JSON/],
      [[s("")], /invalid JSON/],
    ],
  },
  jsonencode: {
    ok: [
      [[o({ hello: s("world") })], s('{"hello":"world"}')],
      [[o({ b: s("<a&b>"), a: l(n(1), n(1.5), n(1e21), NULL, b(false)) })], s('{"a":[1,1.5,1000000000000000000000,null,false],"b":"\\u003ca\\u0026b\\u003e"}')],
      [[set(s("b"), s("a"))], s('["a","b"]')],
      [[s("line\nbreak\u2028")], s('"line\\nbreak\\u2028"')],
      [[NULL], s("null")],
    ],
    unknown: [
      [[o({ a: U })], "unknown"],
      [[U], "unknown"],
    ],
    errors: [[[n(Infinity)], /cannot serialize infinity as JSON/]],
  },
  keys: {
    ok: [
      [[o({ d: n(3), a: n(1), c: n(2) })], l(s("a"), s("c"), s("d"))],
      [[o({ a: U })], l(s("a"))],
      [[o({})], l()],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[l()], /inputMap must be a map or object, not a list/]],
  },
  length: {
    ok: [
      [[l()], n(0)],
      [[l(s("a"), s("b"))], n(2)],
      [[o({ a: s("b") })], n(1)],
      [[s("hello")], n(5)],
      [[s("👾🕹️")], n(2)],
      [[l(U, s("a"))], n(2)],
      [[set(s("a"), s("b"))], n(2)],
      [[set(U, s("a"))], unknown("length(): the set has unknown elements, which may turn out equal to others, so its length is unknown")],
    ],
    unknown: [[[U], "unknown"]],
    errors: [
      [[n(1)], /argument must be a string, a collection or a structural type, not a number/],
      [[NULL], /argument must not be null/],
    ],
  },
  list: {
    errors: [[[s("a")], /the "list" function was deprecated in Terraform v0.12/]],
  },
  log: {
    ok: [
      [[n(50), n(10)], n(1.6989700043360185)],
      [[n(16), n(2)], n(4)],
      [[n(1), n(10)], n(0)],
    ],
    unknown: [[[n(50), U], "unknown"]],
    errors: [[[n(-1), n(10)], /result is not a number/]],
  },
  lookup: {
    ok: [
      [[o({ a: s("ay"), b: s("bee") }), s("a"), s("what?")], s("ay")],
      [[o({ a: s("ay"), b: s("bee") }), s("c"), s("what?")], s("what?")],
      [[o({ a: s("ay") }), s("a")], s("ay")],
      [[o({ a: U }), s("a"), s("x")], U],
      [[o({ a: s("ay") }), s("b"), U], U],
    ],
    unknown: [
      [[U, s("a")], "unknown"],
      [[o({ a: s("x") }), U], "unknown"],
    ],
    errors: [
      [[o({}), s("a")], /lookup failed to find key "a"/],
      [[l(), s("a")], /inputMap must be a map or object, not a list/],
    ],
  },
  lower: {
    ok: [
      [[s("HELLO")], s("hello")],
      [[s("АЛЛО!")], s("алло!")],
      [[s("İ")], s("i")],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[l()], /must be a string/]],
  },
  map: {
    errors: [[[s("a"), s("b")], /the "map" function was deprecated in Terraform v0.12/]],
  },
  matchkeys: {
    ok: [
      [[l(s("i-123"), s("i-abc"), s("i-def")), l(s("us-west"), s("us-east"), s("us-east")), l(s("us-east"))], l(s("i-abc"), s("i-def"))],
      [[l(s("a")), l(n(1)), l(s("1"))], l(s("a"))],
      [[l(s("a")), l(s("k")), l()], l()],
    ],
    unknown: [
      [[l(s("a"), U), l(s("x"), s("y")), l(s("x"))], "unknown"],
      [[l(s("a")), l(s("x")), l(U)], "unknown"],
    ],
    errors: [[[l(s("a")), l(), l(s("x"))], /length of keys and values should be equal/]],
  },
  max: {
    ok: [
      [[n(12), n(54), n(3)], n(54)],
      [[n(-1)], n(-1)],
    ],
    unknown: [[[n(1), U], "unknown"]],
    errors: [
      [[], /must pass at least one number/],
      [[n(1), s("x")], /argument 2 must be a number/],
    ],
  },
  md5: {
    ok: [[[s("hello world")], s("5eb63bbbe01eeed093cb22bb8f5acdc3")]],
    unknown: [[[U], "unknown"]],
    errors: [[[NULL], /must not be null/]],
  },
  merge: {
    ok: [
      [[o({ a: s("b"), c: s("d") }), o({ e: s("f"), c: s("z") })], o({ a: s("b"), c: s("z"), e: s("f") })],
      [[o({ a: s("b") }), o({ a: l(n(1), n(2)), c: s("z") }), o({ d: n(3) })], o({ a: l(n(1), n(2)), c: s("z"), d: n(3) })],
      [[], o({})],
      [[NULL, o({ a: U })], o({ a: U })],
    ],
    unknown: [[[o({ a: s("b") }), U], "unknown"]],
    errors: [[[o({}), l()], /argument 2 must be a map or object, not a list/]],
  },
  min: {
    ok: [
      [[n(12), n(54), n(3)], n(3)],
      [[s("5"), n(7)], n(5)],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[], /must pass at least one number/]],
  },
  nonsensitive: {
    ok: [
      [[secret(s("x"))], s("x")],
      [[s("x")], s("x")],
      [[l(secret(s("x")))], l(secret(s("x")))],
    ],
    unknown: [[[U], U]],
    errors: [[[s("a"), s("b")], /takes exactly 1 argument/]],
  },
  one: {
    ok: [
      [[l()], NULL],
      [[l(s("hello"))], s("hello")],
      [[set(s("hello"))], s("hello")],
      [[set(U)], unknown("one(): the set has unknown elements, which may turn out equal to others, so its length is unknown")],
    ],
    unknown: [[[U], "unknown"]],
    errors: [
      [[l(s("a"), s("b"))], /must be a list, set, or tuple value with either zero or one elements/],
      [[s("a")], /either zero or one elements/],
    ],
  },
  parseint: {
    ok: [
      [[s("100"), n(10)], n(100)],
      [[s("FF"), n(16)], n(255)],
      [[s("-10"), n(16)], n(-16)],
      [[s("1011111011101111"), n(2)], n(48879)],
      [[s("aA"), n(62)], n(656)],
      [[s("+7"), s("8")], n(7)],
    ],
    unknown: [[[U, n(10)], "unknown"]],
    errors: [
      [[s("12"), n(2)], /cannot parse "12" as a base 2 integer/],
      [[s("1"), n(63)], /base must be a whole number between 2 and 62 inclusive/],
      [[n(12), n(10)], /first argument must be a string, not number/],
      [[s(""), n(10)], /cannot parse "" as a base 10 integer/],
    ],
  },
  pathexpand: {
    ok: [
      [[s("/etc/resolv.conf")], s("/etc/resolv.conf")],
      [[s("~/.ssh/id_rsa")], unknown("pathexpand(): depends on the machine running terraform")],
      [[s("~")], unknown("pathexpand(): depends on the machine running terraform")],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[s("~bob/.ssh")], /cannot expand user-specific home dir/]],
  },
  plantimestamp: {
    ok: [[[], unknown("the time terraform plans")]],
    errors: [[[s("x")], /takes exactly 0 arguments, but 1 was given/]],
  },
  pow: {
    ok: [
      [[n(3), n(2)], n(9)],
      [[n(4), n(0)], n(1)],
      [[n(2), n(0.5)], n(Math.SQRT2)],
    ],
    unknown: [[[U, n(2)], "unknown"]],
    errors: [[[n(-8), n(0.5)], /result is not a number/]],
  },
  range: {
    ok: [
      [[n(3)], l(n(0), n(1), n(2))],
      [[n(1), n(4)], l(n(1), n(2), n(3))],
      [[n(1), n(8), n(2)], l(n(1), n(3), n(5), n(7))],
      [[n(1), n(4), n(0.5)], l(n(1), n(1.5), n(2), n(2.5), n(3), n(3.5))],
      [[n(4), n(1)], l(n(4), n(3), n(2))],
      [[n(10), n(5), n(-2)], l(n(10), n(8), n(6))],
      [[n(-3)], l(n(0), n(-1), n(-2))],
      [[n(0), n(0.5), n(0.1)], l(n(0), n(0.1), n(0.2), n(0.3), n(0.4))],
    ],
    unknown: [[[n(1), U], "unknown"]],
    errors: [
      [[n(1), n(2), n(0)], /step must not be zero/],
      [[n(1), n(5), n(-1)], /end must be less than start when step is negative/],
      [[n(5), n(1), n(1)], /end must be greater than start when step is positive/],
      [[n(2000)], /more than 1024 values were generated/],
    ],
  },
  regex: {
    ok: [
      [[s("[a-z]+"), s("53453453.345345aaabbbccc23454")], s("aaabbbccc")],
      [[s("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)"), s("2019-02-01")], l(s("2019"), s("02"), s("01"))],
      [
        [s("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?"), s("https://terraform.io/docs/")],
        o({ scheme: s("https"), authority: s("terraform.io") }),
      ],
      [[s("(a)|(b)"), s("b")], l(NULL, s("b"))],
    ],
    unknown: [
      [[s("[a-z]+"), U], "unknown"],
      [[U, s("abc")], "unknown"],
    ],
    errors: [
      [[s("[a-z]+"), s("123")], /pattern did not match any part of the given string/],
      [[s("a(?=b)"), s("ab")], /invalid or unsupported Perl syntax/],
      [[s("(a)(?P<x>b)"), s("ab")], /cannot mix both named and unnamed capture groups/],
      [[s("(a)\\1"), s("aa")], /invalid escape sequence \\1/],
      [[s("a**"), s("a")], /invalid nested repetition operator/],
      [[s("(a"), s("a")], /missing closing \)/],
      [[s("[a"), s("a")], /missing closing \]/],
    ],
  },
  regexall: {
    ok: [
      [[s("[a-z]+"), s("1234abcd5678efgh9")], l(s("abcd"), s("efgh"))],
      [[s("[a-z]+"), s("123")], l()],
      [[s("(\\w)=(\\d)"), s("a=1,b=2")], l(l(s("a"), s("1")), l(s("b"), s("2")))],
      [[s("a*"), s("baaac")], l(s(""), s("aaa"), s(""))],
    ],
    unknown: [[[s("x"), U], "unknown"]],
    errors: [[[s("(?<=a)b"), s("ab")], /invalid or unsupported Perl syntax/]],
  },
  replace: {
    ok: [
      [[s("1 + 2 + 3"), s("+"), s("-")], s("1 - 2 - 3")],
      [[s("hello world"), s("/w.*d/"), s("everybody")], s("hello everybody")],
      [[s("abc"), s(""), s("-")], s("-a-b-c-")],
      [[s("a/b"), s("/"), s("_")], s("a_b")],
      [[s("baaac"), s("/a*/"), s("-")], s("-b-c-")],
      [[s("abc"), s("/(b)/"), s("[$1x][${1}x][$$][$]")], s("a[][bx][$][$]c")],
      [[s("key=value"), s("/(?P<k>\\w+)=(?P<v>\\w+)/"), s("$v=${k}")], s("value=key")],
    ],
    unknown: [[[U, s("a"), s("b")], "unknown"]],
    errors: [[[s("abc"), s("/(/"), s("x")], /missing closing \)/]],
  },
  reverse: {
    ok: [
      [[l(n(1), n(2), n(3))], l(n(3), n(2), n(1))],
      [[set(s("b"), s("a"))], l(s("b"), s("a"))],
      [[l(U, s("a"))], l(s("a"), U)],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[s("abc")], /can only reverse list or tuple values, not string/]],
  },
  sensitive: {
    ok: [[[s("x")], secret(s("x"))]],
    unknown: [[[U], secret(U)]],
    errors: [[[], /takes exactly 1 argument/]],
  },
  setintersection: {
    ok: [
      [[l(s("a"), s("b")), l(s("b"), s("c")), l(s("b"), s("d"))], set(s("b"))],
      [[l(s("1"), s("2")), l(n(2))], set(s("2"))],
    ],
    unknown: [[[l(s("a"), U), l(s("a"))], "unknown"]],
    errors: [[[s("a"), l()], /argument 1 must be a list or set/]],
  },
  setproduct: {
    ok: [
      [
        [l(s("development"), s("staging")), l(s("app1"), s("app2"))],
        l(l(s("development"), s("app1")), l(s("development"), s("app2")), l(s("staging"), s("app1")), l(s("staging"), s("app2"))),
      ],
      [[set(s("b"), s("a")), l(n(1))], set(l(s("a"), n(1)), l(s("b"), n(1)))],
      [[l(s("a")), l()], l()],
    ],
    unknown: [[[U, l(s("a"))], "unknown"]],
    errors: [[[s("a"), l()], /argument 1 must be a list or set/]],
  },
  setsubtract: {
    ok: [[[l(s("a"), s("b"), s("c")), l(s("a"), s("c"))], set(s("b"))]],
    unknown: [[[l(s("a")), l(U)], "unknown"]],
    errors: [[[l(n(1)), l(b(true))], /different types/]],
  },
  setunion: {
    ok: [
      [[l(s("a"), s("b")), l(s("b"), s("c")), l(s("d"))], set(s("a"), s("b"), s("c"), s("d"))],
      [[l(s("b"), U), l(s("a"))], set(s("a"), s("b"), U)],
      [[l(s("a")), l(n(1))], set(s("1"), s("a"))],
    ],
    unknown: [[[U, l()], "unknown"]],
    errors: [[[o({})], /argument 1 must be a list or set, not an object/]],
  },
  sha1: {
    ok: [[[s("hello world")], s("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed")]],
    unknown: [[[U], "unknown"]],
    errors: [[[l()], /must be a string/]],
  },
  sha256: {
    ok: [[[s("hello world")], s("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")]],
    unknown: [[[U], "unknown"]],
    errors: [[[l()], /must be a string/]],
  },
  sha512: {
    ok: [
      [
        [s("hello world")],
        s("309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f"),
      ],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[l()], /must be a string/]],
  },
  signum: {
    ok: [
      [[n(-13)], n(-1)],
      [[n(0)], n(0)],
      [[n(344)], n(1)],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[n(1.5)], /num must be a whole number, not 1.5/]],
  },
  slice: {
    ok: [
      [[l(s("a"), s("b"), s("c"), s("d")), n(1), n(3)], l(s("b"), s("c"))],
      [[l(s("a")), n(1), n(1)], l()],
      [[l(U, s("b")), n(0), n(1)], l(U)],
    ],
    unknown: [
      [[U, n(0), n(1)], "unknown"],
      [[l(s("a")), n(0), U], "unknown"],
    ],
    errors: [
      [[l(s("a")), n(1), n(0)], /start index must not be greater than end index/],
      [[l(s("a")), n(0), n(2)], /end index must not be greater than the length of the list/],
      [[l(s("a")), n(-1), n(1)], /start index must not be less than zero/],
      [[set(s("a")), n(0), n(1)], /not a set/],
    ],
  },
  sort: {
    ok: [
      [[l(s("e"), s("d"), s("a"), s("x"))], l(s("a"), s("d"), s("e"), s("x"))],
      [[l(n(10), n(9))], l(s("10"), s("9"))],
    ],
    unknown: [[[l(s("a"), U)], "unknown"]],
    errors: [[[l(s("a"), NULL)], /given list element 1 is null; a null string cannot be sorted/]],
  },
  split: {
    ok: [
      [[s(","), s("foo,bar,baz")], l(s("foo"), s("bar"), s("baz"))],
      [[s(","), s("foo")], l(s("foo"))],
      [[s(","), s("")], l(s(""))],
      [[s(""), s("ab")], l(s("a"), s("b"))],
    ],
    unknown: [[[s(","), U], "unknown"]],
    errors: [[[s(","), l()], /str must be a string/]],
  },
  startswith: {
    ok: [
      [[s("hello world"), s("hello")], b(true)],
      [[s("hello world"), s("world")], b(false)],
      [[U, s("")], b(true)],
    ],
    unknown: [
      [[U, s("he")], "unknown"],
      [[s("hello"), U], "unknown"],
    ],
    errors: [[[s("a"), l()], /prefix must be a string, not a list/]],
  },
  strcontains: {
    ok: [
      [[s("hello world"), s("wor")], b(true)],
      [[s("hello world"), s("wod")], b(false)],
    ],
    unknown: [[[U, s("a")], "unknown"]],
    errors: [[[NULL, s("a")], /str must not be null/]],
  },
  strrev: {
    ok: [
      [[s("hello")], s("olleh")],
      [[s("a ☃")], s("☃ a")],
      [[s("e\u0301a")], s("ae\u0301")],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[l()], /must be a string/]],
  },
  substr: {
    ok: [
      [[s("hello world"), n(1), n(4)], s("ello")],
      [[s("🤔🤷"), n(0), n(1)], s("🤔")],
      [[s("hello world"), n(-5), n(-1)], s("world")],
      [[s("hello world"), n(6), n(10)], s("world")],
      [[s("hello"), n(10), n(1)], s("")],
      [[s("hello"), n(1), n(0)], s("")],
    ],
    unknown: [[[s("hello"), U, n(1)], "unknown"]],
    errors: [[[s("x"), n(1.5), n(1)], /offset must be a whole number/]],
  },
  sum: {
    ok: [
      [[l(n(10), n(13), n(6), n(4.5))], n(33.5)],
      [[l(n(0.1), n(0.2))], n(0.3)],
      [[set(n(1), s("2"))], n(3)],
    ],
    unknown: [
      [[l(n(1), U)], "unknown"],
      [[U], "unknown"],
    ],
    errors: [
      [[l()], /cannot sum an empty list/],
      [[l(n(1), NULL)], /list, set, or tuple of number values/],
      [[n(1)], /argument must be list, set, or tuple, not number/],
    ],
  },
  templatefile: {
    ok: [[[s("templates/web.tpl"), o({ name: s("Ander") })], s("Hello, Ander!")]],
    unknown: [
      [[U, o({})], "unknown"],
      [[s("templates/web.tpl"), U], "unknown"],
    ],
    errors: [
      [[s("templates/missing.tpl"), o({})], /no file exists at "templates\/missing.tpl"/],
      [[s("templates/web.tpl"), o({ "1x": s("a") })], /invalid template variable name "1x"/],
      [[s("templates/web.tpl"), l()], /invalid vars value: must be a map/],
    ],
  },
  templatestring: {
    ok: [[[s("Hi ${name}"), o({ name: s("Sam") })], s("Hi Sam")]],
    unknown: [[[U, o({})], "unknown"]],
    errors: [[[s("x"), s("y")], /invalid vars value: must be a map/]],
  },
  timestamp: {
    ok: [[[], ALWAYS_UNKNOWN]],
    errors: [[[s("x")], /takes exactly 0 arguments/]],
  },
  title: {
    ok: [
      [[s("hello world")], s("Hello World")],
      [[s("o'neil-smith x_y")], s("O'Neil-Smith X_y")],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[l()], /must be a string/]],
  },
  tobool: {
    ok: [
      [[b(true)], b(true)],
      [[s("true")], b(true)],
      [[s("false")], b(false)],
      [[NULL], NULL],
    ],
    unknown: [[[U], "unknown"]],
    errors: [
      [[s("no")], /cannot convert "no" to bool; only the strings "true" or "false" are allowed/],
      [[n(1)], /cannot convert number to bool/],
    ],
  },
  tolist: {
    ok: [
      [[l(s("a"), s("b"), s("c"))], l(s("a"), s("b"), s("c"))],
      [[l(s("a"), s("b"), n(3))], l(s("a"), s("b"), s("3"))],
      [[set(s("b"), s("a"))], l(s("a"), s("b"))],
      [[l(U, n(1))], l(U, n(1))],
      [[NULL], NULL],
    ],
    unknown: [[[U], "unknown"]],
    errors: [
      [[o({})], /cannot convert object to list of any single type/],
      [[l(n(1), b(true))], /different types/],
    ],
  },
  tomap: {
    ok: [
      [[o({ a: n(1), b: n(2) })], o({ a: n(1), b: n(2) })],
      [[o({ a: s("foo"), b: b(true) })], o({ a: s("foo"), b: s("true") })],
    ],
    unknown: [[[U], "unknown"]],
    errors: [
      [[l()], /cannot convert list to map of any single type/],
      [[o({ a: l(), b: s("x") })], /different types/],
    ],
  },
  tonumber: {
    ok: [
      [[n(1)], n(1)],
      [[s("1")], n(1)],
      [[s("-2.5e3")], n(-2500)],
      [[NULL], NULL],
    ],
    unknown: [[[U], "unknown"]],
    errors: [
      [[s("no")], /cannot convert "no" to number; given string must be a decimal representation of a number/],
      [[s(" 1")], /cannot convert " 1" to number/],
      [[b(true)], /cannot convert bool to number/],
    ],
  },
  toset: {
    ok: [
      [[l(s("a"), s("b"), s("c"))], set(s("a"), s("b"), s("c"))],
      [[l(s("c"), s("b"), s("b"))], set(s("b"), s("c"))],
      [[l(s("a"), s("b"), n(3))], set(s("3"), s("a"), s("b"))],
      [[l(n(10), n(9), n(10))], set(n(9), n(10))],
      [[l(U, s("a"), U)], set(s("a"), U, U)],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[s("a")], /cannot convert string to set of any single type/]],
  },
  tostring: {
    ok: [
      [[s("hello")], s("hello")],
      [[n(1)], s("1")],
      [[n(1.5)], s("1.5")],
      [[n(1e21)], s("1000000000000000000000")],
      [[n(-0.000001)], s("-0.000001")],
      [[b(true)], s("true")],
      [[NULL], NULL],
    ],
    unknown: [[[U], "unknown"]],
    errors: [
      [[l()], /cannot convert list to string/],
      [[o({})], /cannot convert object to string/],
    ],
  },
  transpose: {
    ok: [
      [
        [o({ a: l(s("1"), s("2")), b: l(s("2"), s("3")) })],
        o({ "1": l(s("a")), "2": l(s("a"), s("b")), "3": l(s("b")) }),
      ],
    ],
    unknown: [[[o({ a: l(U) })], "unknown"]],
    errors: [[[o({ a: l(NULL) })], /input list must not contain null string/]],
  },
  trim: {
    ok: [
      [[s("?!hello?!"), s("!?")], s("hello")],
      [[s("foobar"), s("far")], s("oob")],
      [[s("   hello! world.!  "), s("! ")], s("hello! world.")],
    ],
    unknown: [[[s("x"), U], "unknown"]],
    errors: [[[s("x"), NULL], /cutset must not be null/]],
  },
  trimprefix: {
    ok: [
      [[s("helloworld"), s("hello")], s("world")],
      [[s("helloworld"), s("cat")], s("helloworld")],
    ],
    unknown: [[[U, s("a")], "unknown"]],
    errors: [[[s("x"), l()], /prefix must be a string/]],
  },
  trimspace: {
    ok: [
      [[s("  hello\n\n")], s("hello")],
      [[s("\u00a0\u0085x\u3000")], s("x")],
      [[s("\ufeffx")], s("\ufeffx")],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[l()], /must be a string/]],
  },
  trimsuffix: {
    ok: [
      [[s("helloworld"), s("world")], s("hello")],
      [[s("helloworld"), s("cat")], s("helloworld")],
    ],
    unknown: [[[U, s("a")], "unknown"]],
    errors: [[[s("x"), l()], /suffix must be a string/]],
  },
  try: {
    ok: [
      [[err("element(): cannot use element function with an empty list"), s("fallback")], s("fallback")],
      [[s("first"), s("second")], s("first")],
      [[l(err("x")), NULL], NULL],
    ],
    unknown: [
      [[U, s("fallback")], "unknown"],
      [[err("x"), l(U)], "unknown"],
    ],
    errors: [[[err("element(): boom"), err("lookup(): bang")], /no expression succeeded; the first failed with: element\(\): boom/]],
  },
  upper: {
    ok: [
      [[s("hello")], s("HELLO")],
      [[s("алло!")], s("АЛЛО!")],
      [[s("straße")], s("STRAßE")],
      [[n(5)], s("5")],
    ],
    unknown: [[[U], "unknown"]],
    errors: [
      [[l()], /str must be a string, not a list/],
      [[NULL], /str must not be null/],
    ],
  },
  urlencode: {
    ok: [
      [[s("Hello World!")], s("Hello+World%21")],
      [[s("☃")], s("%E2%98%83")],
      [[s("foo=bar&bar=baz")], s("foo%3Dbar%26bar%3Dbaz")],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[l()], /must be a string/]],
  },
  uuid: {
    ok: [[[], ALWAYS_UNKNOWN]],
    errors: [[[s("x")], /takes exactly 0 arguments/]],
  },
  uuidv5: {
    ok: [
      [[s("dns"), s("www.terraform.io")], s("a5008fae-b28c-5ba5-96cd-82b4c53552d6")],
      [[s("url"), s("https://www.terraform.io/")], s("9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5")],
      [[s("oid"), s("1.3.6.1.4")], s("af9d40a5-7a36-5c07-b23a-851cd99fbfa5")],
      [[s("x500"), s("CN=Example,C=GB")], s("84e09961-4aa4-57f8-95b7-03edb1073253")],
      [[s("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), s("www.terraform.io")], s("a5008fae-b28c-5ba5-96cd-82b4c53552d6")],
    ],
    unknown: [[[s("dns"), U], "unknown"]],
    errors: [[[s("bogus"), s("x")], /uuidv5\(\) doesn't support namespace "bogus"/]],
  },
  values: {
    ok: [
      [[o({ a: n(3), c: n(2), d: n(1) })], l(n(3), n(2), n(1))],
      [[o({ b: U, a: s("x") })], l(s("x"), U)],
    ],
    unknown: [[[U], "unknown"]],
    errors: [[[l()], /mapping must be a map or object/]],
  },
  zipmap: {
    ok: [
      [[l(s("a"), s("b")), l(n(1), n(2))], o({ a: n(1), b: n(2) })],
      [[l(s("a"), s("a")), l(n(1), U)], o({ a: U })],
    ],
    unknown: [
      [[l(s("a"), U), l(n(1), n(2))], "unknown"],
      [[l(s("a")), U], "unknown"],
    ],
    errors: [
      [[l(s("a")), l(n(1), n(2))], /number of keys \(1\) does not match number of values \(2\)/],
      [[l(NULL), l(n(1))], /keys list has null value at index 0/],
    ],
  },
};

describe("built-in functions", () => {
  it("have cases for every supported function, and only for those", () => {
    assert.deepEqual(
      [...SUPPORTED_FUNCTIONS].filter((name) => !(name in CASES)),
      [],
    );
    assert.deepEqual(
      Object.keys(CASES).filter((name) => !SUPPORTED_FUNCTIONS.has(name)),
      [],
    );
  });

  for (const [name, c] of Object.entries(CASES)) {
    describe(name, () => {
      if (c.ok !== undefined) {
        it("computes known results", () => {
          for (const [args, expected] of c.ok ?? []) assert.deepEqual(call(name, ...args), expected, `${name}(${JSON.stringify(args)})`);
        });
      }
      if (c.unknown !== undefined) {
        it("propagates unknown arguments", () => {
          for (const [args, expected] of c.unknown ?? []) {
            const actual = call(name, ...args);
            if (expected === "unknown") assertUnknownFrom(actual, name);
            else assert.deepEqual(actual, expected);
          }
        });
      }
      if (c.errors !== undefined) {
        it("reports Terraform errors", () => {
          for (const [args, pattern] of c.errors ?? []) assertError(call(name, ...args), `${name}()`, pattern);
        });
      }
    });
  }
});

describe("function names and arguments", () => {
  it("accepts the core:: namespace", () => {
    assert.deepEqual(call("core::upper", s("a")), s("A"));
  });

  it("does not evaluate provider functions", () => {
    assert.deepEqual(call("provider::aws::arn_parse", s("arn:aws:iam::1:root")), unknown("provider function provider::aws::arn_parse is not evaluated offline"));
  });

  it("reports unknown functions", () => {
    assert.deepEqual(call("frobnicate", s("a")), unknown("error: unknown function frobnicate"));
    assert.deepEqual(call("Upper", s("a")), unknown("error: unknown function Upper"));
  });

  it("checks the number of arguments", () => {
    assert.deepEqual(call("upper", s("a"), s("b")), unknown("error: upper() takes exactly 1 argument, but 2 were given"));
    assert.deepEqual(call("lookup", o({})), unknown("error: lookup() takes 2 to 3 arguments, but 1 was given"));
    assert.deepEqual(call("setproduct", l()), unknown("error: setproduct() takes at least 2 arguments, but 1 was given"));
  });

  it("recognises Terraform functions it does not evaluate, without calling them errors", () => {
    for (const [name, args] of [
      ["yamldecode", [s("a: 1")]],
      ["fileset", [s("."), s("*.tf")]],
      ["filebase64sha256", [s("lambda.zip")]],
      ["formatdate", [s("YYYY"), s("2024-01-01T00:00:00Z")]],
    ] as const) {
      assert.ok(!SUPPORTED_FUNCTIONS.has(name));
      const result = call(name, ...args);
      assert.equal(result.kind, "unknown");
      if (result.kind === "unknown") {
        assert.ok(!result.reason.startsWith("error: "), result.reason);
        assert.match(result.reason, new RegExp(`^${name}\\(\\)`));
      }
    }
  });

  it("propagates an error argument as an error naming the function", () => {
    const broken = call("element", l(), n(0));
    assert.deepEqual(call("upper", broken), err("upper(): element(): cannot use element function with an empty list"));
    // An error wins over a plain unknown.
    assert.deepEqual(call("join", U, l(broken)), err("join(): element(): cannot use element function with an empty list"));
  });
});

describe("sensitive values", () => {
  it("make the result sensitive", () => {
    assert.deepEqual(call("upper", secret(s("pw"))), secret(s("PW")));
    assert.deepEqual(call("jsonencode", o({ a: secret(s("pw")) })), secret(s('{"a":"pw"}')));
    assert.deepEqual(call("length", secret(l(s("a")))), secret(n(1)));
    assert.deepEqual(call("keys", secret(o({ a: s("x") }))), secret(l(s("a"))));
    assert.deepEqual(call("cidrsubnet", secret(s("10.0.0.0/16")), n(8), n(1)), secret(s("10.0.1.0/24")));
  });

  it("make unknown and error results sensitive too", () => {
    assert.deepEqual(call("upper", secret(U)), secret(unknown(`upper(): ${REASON}`)));
    assert.equal(call("tonumber", secret(s("x"))).sensitive, true);
  });

  it("stay on the elements that functions pass through", () => {
    const map = o({ a: secret(s("pw")), b: s("x") });
    assert.deepEqual(call("lookup", map, s("b")), s("x"));
    assert.deepEqual(call("lookup", map, s("a")), secret(s("pw")));
    assert.deepEqual(call("lookup", secret(o({ b: s("x") })), s("b")), secret(s("x")));
    assert.deepEqual(call("lookup", o({}), secret(s("k")), s("d")), secret(s("d")));
    const joined = call("concat", l(secret(s("a"))), l(s("b")));
    assert.deepEqual(joined, l(secret(s("a")), s("b")));
    assert.ok(isSensitive(joined));
    assert.deepEqual(call("concat", secret(l(s("a"))), l(s("b"))), secret(l(s("a"), s("b"))));
    assert.deepEqual(call("flatten", l(secret(l(s("a"))))), secret(l(s("a"))));
    assert.deepEqual(call("element", l(s("a"), secret(s("b"))), n(0)), s("a"));
  });

  it("mark the chosen value of coalesce and the result of tolist", () => {
    assert.deepEqual(call("coalesce", NULL, secret(s("pw")), s("x")), secret(s("pw")));
    assert.deepEqual(call("tolist", l(secret(n(1)), s("a"))), l(secret(s("1")), s("a")));
  });

  it("can be removed with nonsensitive and added with sensitive", () => {
    assert.deepEqual(call("nonsensitive", secret(s("x"))), s("x"));
    assert.deepEqual(call("sensitive", o({ a: s("x") })), secret(o({ a: s("x") })));
  });

  it("are never quoted in error messages", () => {
    const e = call("lookup", o({}), secret(s("db_password")));
    assert.equal(e.kind, "unknown");
    if (e.kind === "unknown") {
      assert.equal(e.reason, "error: lookup(): lookup failed to find key (sensitive value)");
    }
    const decoded = call("base64decode", secret(s("bm9wZQ")));
    assert.ok(decoded.kind === "unknown" && !decoded.reason.includes("bm9wZQ"), JSON.stringify(decoded));
    const number = call("tonumber", secret(s("hunter2")));
    assert.ok(number.kind === "unknown" && number.reason.includes("(sensitive value)") && !number.reason.includes("hunter2"));
  });
});

describe("origins", () => {
  const cidr = withOrigin(s("0.0.0.0/0"), ORIGIN);

  it("survive functions that pass a value through", () => {
    assert.equal(call("tostring", cidr), cidr);
    assert.equal(call("coalesce", NULL, s(""), cidr), cidr);
    assert.equal(call("lookup", o({ admin: cidr }), s("admin")), cidr);
    assert.equal(call("lookup", o({}), s("admin"), cidr), cidr);
    assert.equal(call("element", l(s("10.0.0.0/8"), cidr), n(1)), cidr);
    assert.equal(call("try", err("x"), cidr), cidr);
    assert.equal(call("one", l(cidr)), cidr);
    assert.deepEqual(call("concat", l(cidr), l()), l(cidr));
    assert.deepEqual(call("values", o({ a: cidr })), l(cidr));
    assert.deepEqual(call("toset", l(cidr, s("0.0.0.0/0"))), set(cidr));
  });

  it("survive conversions of the same datum", () => {
    const port = withOrigin(n(22), ORIGIN);
    assert.deepEqual(call("tostring", port), withOrigin(s("22"), ORIGIN));
    assert.deepEqual(call("tolist", l(port, s("x"))), l(withOrigin(s("22"), ORIGIN), s("x")));
    assert.deepEqual(call("tonumber", withOrigin(s("22"), ORIGIN)), withOrigin(n(22), ORIGIN));
  });

  it("are not invented for computed results", () => {
    assert.deepEqual(call("upper", cidr), s("0.0.0.0/0"));
    assert.deepEqual(call("cidrhost", cidr, n(1)), s("0.0.0.1"));
    assert.deepEqual(call("upper", withOrigin(U, ORIGIN)), unknown(`upper(): ${REASON}`));
  });
});

describe("number formatting", () => {
  it("converts numbers to strings as Terraform does", () => {
    const cases: [number, string][] = [
      [0, "0"],
      [-0, "0"],
      [42, "42"],
      [-7.25, "-7.25"],
      [0.1, "0.1"],
      [1e21, "1000000000000000000000"],
      [1.5e-7, "0.00000015"],
      [123456789012, "123456789012"],
    ];
    for (const [value, text] of cases) assert.deepEqual(call("tostring", n(value)), s(text), String(value));
  });

  it("formats %v, %e, %f and %g like Go's big.Float", () => {
    const cases: [string, number, string][] = [
      ["%v", 1000000, "1e+06"],
      ["%v", 999999, "999999"],
      ["%v", 0.0001, "0.0001"],
      ["%v", 0.00001, "1e-05"],
      ["%v", 1.5, "1.5"],
      ["%.0f", 0.5, "0"],
      ["%.0f", 1.5, "2"],
      ["%.0f", 2.5, "2"],
      ["%.2f", 0.125, "0.12"],
      ["%.1f", 0.05, "0.0"],
      ["%.1f", 0.06, "0.1"],
      ["%f", 1, "1.000000"],
      ["%e", 0, "0.000000e+00"],
      ["%.2e", 123456, "1.23e+05"],
      ["%g", 100000, "100000"],
      ["%g", 1e21, "1e+21"],
      ["%.3g", 1234, "1.23e+03"],
      ["%G", 1e-7, "1E-07"],
      ["%+.1f", 2, "+2.0"],
      ["%-8.2f|", 3.14159, "3.14    |"],
      ["%08d", -42, "-0000042"],
      ["%.3d", 7, "007"],
      ["%5.0d|", 0, "|"],
    ];
    for (const [format, value, text] of cases) assert.deepEqual(call("format", s(format), n(value)), s(text), `${format} ${value}`);
  });
});

describe("regular expressions", () => {
  const matches = (pattern: string, text: string): Value => call("regexall", s(pattern), s(text));

  it("translate RE2 syntax", () => {
    assert.deepEqual(matches("(?i)abc", "xABCabc"), l(s("ABC"), s("abc")));
    assert.deepEqual(matches("(?s)a.b", "a\nb"), l(s("a\nb")));
    assert.deepEqual(matches("(?m)^x", "x\nx"), l(s("x"), s("x")));
    assert.deepEqual(matches("[[:digit:]]+|[[:upper:]]", "a12B"), l(s("12"), s("B")));
    assert.deepEqual(matches("\\pL+", "héllo wörld"), l(s("héllo"), s("wörld")));
    assert.deepEqual(matches("\\p{Greek}+", "abc αβγ"), l(s("αβγ")));
    assert.deepEqual(matches("\\Qa.b\\E", "a.b axb"), l(s("a.b")));
    assert.deepEqual(matches("a{,2}", "a{,2}"), l(s("a{,2}")));
    assert.deepEqual(matches("x{2}", "xxx"), l(s("xx")));
    assert.deepEqual(matches("\\x41\\x{42}\\101", "ABA"), l(s("ABA")));
    assert.deepEqual(matches("\\-\\#\\:", "-#:"), l(s("-#:")));
    assert.deepEqual(matches("[\\d-]+", "1-2a"), l(s("1-2")));
    assert.deepEqual(matches("abc\\z", "abc\nabc"), l(s("abc")));
    assert.deepEqual(matches("\\Aab", "abab"), l(s("ab")));
    assert.deepEqual(matches("\\s+", "a \u00a0b"), l(s(" ")));
    assert.deepEqual(matches(".", "😀"), l(s("😀")));
    assert.deepEqual(matches("^*a", "a"), l(s("a")));
  });

  it("reject what RE2 rejects", () => {
    for (const pattern of ["(?!a)", "(?P=n)", "\\1", "a{1001}", "a{2,1}", "\\q", "[z-a]", "*a", "[[:nope:]]", "(?<>a)", "\\C"]) {
      const r = call("regex", s(pattern), s("a"));
      assert.ok(r.kind === "unknown" && r.reason.startsWith("error: regex(): invalid"), `${pattern}: ${JSON.stringify(r)}`);
    }
  });

  it("leave what JavaScript cannot express unknown, not wrong", () => {
    for (const pattern of ["a(?i)b", "(?U)a+", "(?i:a)b", "[[:^alpha:]x]"]) {
      const r = call("regex", s(pattern), s("ab"));
      assert.ok(r.kind === "unknown" && !r.reason.startsWith("error: ") && r.reason.includes("cairn cannot evaluate"), `${pattern}: ${JSON.stringify(r)}`);
    }
  });

  it("expand replacements as Go does", () => {
    assert.deepEqual(call("replace", s("ab"), s("/(a)(b)/"), s("$2$1")), s("ba"));
    assert.deepEqual(call("replace", s("ab"), s("/(a)(b)/"), s("$1x")), s(""));
    assert.deepEqual(call("replace", s("ab"), s("/(a)(b)/"), s("${1}x")), s("ax"));
    assert.deepEqual(call("replace", s("ab"), s("/(a)/"), s("$9|$")), s("|$b"));
    assert.deepEqual(call("replace", s("😀x😀"), s("/x*/"), s("-")), s("-😀-😀-"));
  });
});

describe("try and can", () => {
  it("skip errors nested anywhere in a value", () => {
    assert.deepEqual(call("try", o({ a: err("x") }), s("ok")), s("ok"));
    assert.deepEqual(call("can", o({ a: l(err("x")) })), b(false));
  });

  it("do not skip values that are unknown but may succeed", () => {
    assertUnknownFrom(call("try", o({ a: U }), s("fallback")), "try");
    assertUnknownFrom(call("can", o({ a: U })), "can");
  });
});

describe("callFunction", () => {
  it("never throws and never fails internally, whatever the arguments", () => {
    // A throw fails this test; an internal failure shows as "cairn could not evaluate".
    const pool: Value[] = [
      s(""),
      s("10.0.0.0/8"),
      s("/(a)/"),
      s("%s"),
      n(-1),
      n(1.5),
      n(1e300),
      b(true),
      NULL,
      l(),
      l(s("a"), n(1)),
      set(U, s("b")),
      o({ a: l(s("x")) }),
      U,
      err("x"),
      secret(s("pw")),
    ];
    const names = [...SUPPORTED_FUNCTIONS, "yamldecode", "fileset", "provider::x::y", "nope"];
    for (const name of names) {
      const arities = [[], ...pool.map((a) => [a]), ...pool.flatMap((a) => pool.map((c) => [a, c])), ...pool.map((a) => [a, n(2), s("x")])];
      for (const args of arities) {
        const result = callFunction(name, args, ctx);
        assert.ok(["string", "number", "bool", "null", "list", "object", "unknown"].includes(result.kind));
        if (result.kind === "unknown") assert.ok(!result.reason.startsWith("cairn could not evaluate"), `${name}(${JSON.stringify(args)}): ${result.reason}`);
      }
    }
  });
});

/**
 * cidrhost, cidrnetmask, cidrsubnet and cidrsubnets for IPv4 and IPv6, with addresses as bigints.
 * Parsing follows Terraform's ipaddr package (Go 1.16's net), which still reads IPv4 octets with
 * leading zeros as decimal; output follows Go's address formatting.
 */

import { list, str } from "../value.js";
import type { Builtin } from "./registry.js";
import { arg, def } from "./registry.js";
import { fail, quote, toInt, toStr } from "./support.js";

interface Network {
  /** The network address: host bits cleared. */
  address: bigint;
  prefix: number;
  /** 32 or 128. */
  bits: number;
}

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^[0-9]{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseIPv6(s: string): bigint | undefined {
  const ellipsis = s.indexOf("::");
  if (ellipsis >= 0 && s.indexOf("::", ellipsis + 1) >= 0) return undefined;
  const groupsOf = (part: string, last: boolean): number[] | undefined => {
    if (part === "") return [];
    const out: number[] = [];
    const fields = part.split(":");
    for (const [i, field] of fields.entries()) {
      if (last && i === fields.length - 1 && field.includes(".")) {
        const v4 = parseIPv4(field);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(field)) {
        out.push(parseInt(field, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  let groups: number[];
  if (ellipsis < 0) {
    const all = groupsOf(s, true);
    if (all === undefined || all.length !== 8) return undefined;
    groups = all;
  } else {
    const head = groupsOf(s.slice(0, ellipsis), false);
    const tail = groupsOf(s.slice(ellipsis + 2), true);
    if (head === undefined || tail === undefined || head.length + tail.length > 7) return undefined;
    groups = [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

function mask(prefix: number, bits: number): bigint {
  return ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
}

function parseCidr(text: string): Network {
  const slash = text.indexOf("/");
  const invalid = (): never => fail(`invalid CIDR expression: invalid CIDR address: ${quote(text)}`);
  if (slash < 0) return invalid();
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  let address = parseIPv4(addressText);
  let bits = 32;
  if (address === undefined) {
    address = parseIPv6(addressText);
    bits = 128;
  }
  if (address === undefined || !/^[0-9]+$/.test(prefixText)) return invalid();
  const prefix = Number(prefixText);
  if (prefix > bits) return invalid();
  return { address: address & mask(prefix, bits), prefix, bits };
}

function formatAddress(address: bigint, bits: number): string {
  const v4 = (a: bigint): string => [24n, 16n, 8n, 0n].map((s) => String((a >> s) & 0xffn)).join(".");
  if (bits === 32) return v4(address);
  // Go prints IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) as plain IPv4.
  if (address >> 32n === 0xffffn) return v4(address & 0xffffffffn);
  const groups = Array.from({ length: 8 }, (_, i) => Number((address >> BigInt(112 - 16 * i)) & 0xffffn));
  // The longest run of two or more zero groups becomes "::" (the first such run on a tie).
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = (gs: number[]): string => gs.map((g) => g.toString(16)).join(":");
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

function formatNetwork(n: Network): string {
  return `${formatAddress(n.address, n.bits)}/${n.prefix}`;
}

function lastAddress(n: Network): bigint {
  return n.address | ((1n << BigInt(n.bits - n.prefix)) - 1n);
}

function contains(n: Network, address: bigint): boolean {
  return (address & mask(n.prefix, n.bits)) === n.address;
}

function protocol(bits: number): string {
  return bits === 32 ? "IPv4" : "IPv6";
}

export const cidrFunctions: Record<string, Builtin> = {
  cidrhost: def(2, "known", "deep", (args) => {
    const network = parseCidr(toStr(arg(args, 0), "prefix"));
    const hostnum = BigInt(toInt(arg(args, 1), "hostnum"));
    const max = (1n << BigInt(network.bits - network.prefix)) - 1n;
    // Negative host numbers count back from the end of the range: -1 is the last address.
    const offset = hostnum < 0n ? -hostnum - 1n : hostnum;
    if (offset > max) fail(`prefix of ${network.prefix} does not accommodate a host numbered ${hostnum}`);
    const host = hostnum < 0n ? max - offset : hostnum;
    return str(formatAddress(network.address | host, network.bits));
  }),

  cidrnetmask: def(1, "known", "deep", (args) => {
    const text = toStr(arg(args, 0), "prefix");
    const network = parseCidr(text);
    if (network.bits !== 32) fail(`IPv6 addresses cannot have a netmask: ${quote(text)}`);
    return str(formatAddress(mask(network.prefix, 32), 32));
  }),

  cidrsubnet: def(3, "known", "deep", (args) => {
    const network = parseCidr(toStr(arg(args, 0), "prefix"));
    const newbits = toInt(arg(args, 1), "newbits");
    const netnum = BigInt(toInt(arg(args, 2), "netnum"));
    if (newbits < 0) fail("newbits must not be negative");
    const prefix = network.prefix + newbits;
    if (prefix > network.bits) fail(`insufficient address space to extend prefix of ${network.prefix} by ${newbits}`);
    if (netnum < 0n || netnum > (1n << BigInt(newbits)) - 1n) {
      fail(`prefix extension of ${newbits} does not accommodate a subnet numbered ${netnum}`);
    }
    const address = network.address | (netnum << BigInt(network.bits - prefix));
    return str(formatNetwork({ address, prefix, bits: network.bits }));
  }),

  // Consecutive subnets, each aligned to its own size, as Terraform's cidrsubnets allocates them.
  cidrsubnets: def([1, Infinity], "known", "deep", (args) => {
    const network = parseCidr(toStr(arg(args, 0), "prefix"));
    const newbits = args.slice(1).map((a, i) => toInt(a, `newbits ${i + 1}`));
    if (newbits.length === 0) return list([]);
    const width = BigInt(network.bits);
    const wrap = (a: bigint): bigint => ((a % (1n << width)) + (1n << width)) % (1n << width);
    const first = network.prefix + (newbits[0] as number);
    // Start from the subnet just before the network, so the first allocation is the network's start.
    let current: Network = {
      address: first <= network.bits ? wrap(network.address - 1n) & mask(first, network.bits) : 0n,
      prefix: Math.min(first, network.bits),
      bits: network.bits,
    };
    const out: string[] = [];
    for (const [i, bits] of newbits.entries()) {
      if (bits < 1) fail(`newbits ${i + 1}: must extend prefix by at least one bit`);
      if (bits > 32) fail(`newbits ${i + 1}: may not extend prefix by more than 32 bits`);
      const length = network.prefix + bits;
      if (length > network.bits) {
        fail(`newbits ${i + 1}: would extend prefix to ${length} bits, which is too long for an ${protocol(network.bits)} address`);
      }
      const aligned: Network = { address: lastAddress(current) & mask(length, network.bits), prefix: length, bits: network.bits };
      const nextAddress = wrap(lastAddress(aligned) + 1n);
      const next: Network = { address: nextAddress & mask(length, network.bits), prefix: length, bits: network.bits };
      if (nextAddress === 0n || !contains(network, next.address)) {
        fail(`not enough remaining address space for a subnet with a prefix of ${length} bits after ${formatNetwork(current)}`);
      }
      current = next;
      out.push(formatNetwork(current));
    }
    return list(out.map(str));
  }),
};

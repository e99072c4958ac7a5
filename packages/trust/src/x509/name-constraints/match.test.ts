import { describe, expect, it } from "vitest";
import { emailWithin, nameOverlaps, nameWithin, uriHost } from "./match.ts";

const dns = (value: string) => ({ kind: "dns" as const, value });
const ip = (...bytes: number[]) => ({ kind: "ip" as const, bytes: Uint8Array.from(bytes) });

describe("name-constraint matching (RFC 5280 §4.2.1.10)", () => {
  it("DNS: a name and every subdomain, on label boundaries", () => {
    expect(nameWithin(dns("example.lv"), dns("example.lv"))).toBe(true);
    expect(nameWithin(dns("www.Example.LV"), dns("example.lv"))).toBe(true);
    expect(nameWithin(dns("badexample.lv"), dns("example.lv"))).toBe(false);
    expect(nameWithin(dns("example.lv"), dns(".example.lv"))).toBe(false);
    expect(nameWithin(dns("a.example.lv"), dns(".example.lv"))).toBe(true);
    expect(nameWithin(dns("anything.lv"), dns(""))).toBe(true);
  });

  it("rfc822: mailbox, host, or domain", () => {
    expect(emailWithin("anna@vm.gov.lv", "anna@vm.gov.lv")).toBe(true);
    expect(emailWithin("janis@vm.gov.lv", "anna@vm.gov.lv")).toBe(false);
    expect(emailWithin("anna@VM.gov.lv", "vm.gov.lv")).toBe(true);
    expect(emailWithin("anna@mail.vm.gov.lv", "vm.gov.lv")).toBe(false);
    expect(emailWithin("anna@mail.vm.gov.lv", ".vm.gov.lv")).toBe(true);
    expect(emailWithin("anna@vm.gov.lv", ".vm.gov.lv")).toBe(false);
    expect(emailWithin("no-at-sign", "vm.gov.lv")).toBe(false);
  });

  it("URI: the host of the authority", () => {
    expect(uriHost("https://user@Host.example.lv:8443/x?y")).toBe("host.example.lv");
    expect(uriHost("urn:oid:1.2.3")).toBeUndefined();
    expect(
      nameWithin({ kind: "uri", value: "http://a.example.lv/x" }, { kind: "uri", value: ".example.lv" }),
    ).toBe(true);
    expect(
      nameWithin({ kind: "uri", value: "http://example.lv/x" }, { kind: "uri", value: ".example.lv" }),
    ).toBe(false);
    expect(nameWithin({ kind: "uri", value: "urn:x" }, { kind: "uri", value: "example.lv" })).toBe(false);
  });

  it("IP: address within network/mask, IPv4 and IPv6 kept apart", () => {
    expect(nameWithin(ip(10, 1, 2, 3), ip(10, 0, 0, 0, 255, 0, 0, 0))).toBe(true);
    expect(nameWithin(ip(11, 1, 2, 3), ip(10, 0, 0, 0, 255, 0, 0, 0))).toBe(false);
    expect(nameWithin(ip(10, 1, 2, 3), ip(...new Array(32).fill(0)))).toBe(false);
  });

  it("different forms do not constrain each other", () => {
    expect(nameWithin(dns("example.lv"), { kind: "rfc822", value: "example.lv" })).toBeUndefined();
  });
});

describe("wildcard dNSNames against name constraints (RFC 6125 §6.4.3, RFC 5280 §4.2.1.10)", () => {
  const wildcard = dns("*.example.com");

  it("excluded: a subtree any covered name falls in excludes the wildcard", () => {
    expect(nameOverlaps(wildcard, dns("bar.example.com"))).toBe(true);
    expect(nameOverlaps(wildcard, dns("example.com"))).toBe(true);
    expect(nameOverlaps(wildcard, dns("com"))).toBe(true);
    // Two labels below: "*" covers one label only, so no covered name lies in it.
    expect(nameOverlaps(wildcard, dns("a.bar.example.com"))).toBe(false);
    expect(nameOverlaps(wildcard, dns("bar.example.org"))).toBe(false);
    expect(nameOverlaps(dns("foo.example.com"), dns("bar.example.com"))).toBe(false);
  });

  it("permitted: every covered name must lie in the subtree", () => {
    expect(nameWithin(wildcard, dns("example.com"))).toBe(true);
    expect(nameWithin(wildcard, dns(".example.com"))).toBe(true);
    expect(nameWithin(wildcard, dns("bar.example.com"))).toBe(false);
    expect(nameWithin(wildcard, dns("example.org"))).toBe(false);
  });
});

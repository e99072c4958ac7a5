import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAsicE } from "./asic-create.ts";
import { readAsicE } from "./asic-read.ts";
import type { AsicError } from "./errors.ts";
import {
  entryNameToReferenceUri,
  findEntryByReferenceUri,
  referenceUriToEntryName,
} from "./reference-uri.ts";

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return (error as AsicError).code;
  }
  return "none";
};

describe("reference URIs (RFC 3986, '+' literal)", () => {
  it.each([
    ["Sample%20File.pdf", "Sample File.pdf"],
    ["test+test.txt", "test+test.txt"],
    ["a%2Bb.txt", "a+b.txt"],
    ["l%C4%ABgums%20%C4%93ka.pdf", "līgums ēka.pdf"],
    ["%D0%B4%D0%BE%D0%BA%D1%83%D0%BC%D0%B5%D0%BD%D1%82.txt", "документ.txt"],
    ["līgums ēka.pdf", "līgums ēka.pdf"],
    ["dir/a%25b.txt", "dir/a%b.txt"],
  ])("%s names %j", (uri, name) => {
    expect(referenceUriToEntryName(uri)).toBe(name);
  });

  it("encodes names the way real eDocs reference them", () => {
    expect(entryNameToReferenceUri("Sample File.pdf")).toBe("Sample%20File.pdf");
    expect(entryNameToReferenceUri("test+test.txt")).toBe("test+test.txt");
    expect(entryNameToReferenceUri("līgums ēka.pdf")).toBe("l%C4%ABgums%20%C4%93ka.pdf");
    expect(entryNameToReferenceUri("note:b#c?d%e.txt")).toBe("note%3Ab%23c%3Fd%25e.txt");
  });

  it("round-trips any safe name", () => {
    const segment = fc
      .string({ unit: "grapheme", minLength: 1, maxLength: 12 })
      // biome-ignore lint/suspicious/noControlCharactersInRegex: names with control characters are refused, so not generated
      .filter((s) => s !== "." && s !== ".." && !/[/\\\u0000-\u001f\u007f-\u009f]/.test(s));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 3 }), (segments) => {
        const name = segments.join("/");
        if (/^[A-Za-z]:/.test(name)) return;
        const uri = entryNameToReferenceUri(name);
        expect(uri).toMatch(/^[A-Za-z0-9\-._~!$&'()*+,;=@/%]+$/);
        expect(referenceUriToEntryName(uri)).toBe(name);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ["", "bad-reference-uri"],
    ["#S1-SignedProperties", "bad-reference-uri"],
    ["http://example.com/a.pdf", "bad-reference-uri"],
    ["a.pdf?x=1", "bad-reference-uri"],
    ["a.pdf#frag", "bad-reference-uri"],
    ["a%2", "bad-reference-uri"],
    ["a%zz.txt", "bad-reference-uri"],
    ["%C4.txt", "bad-reference-uri"],
    ["..%2Fsecret.txt", "bad-reference-uri"],
    ["%2Fetc%2Fpasswd", "bad-reference-uri"],
    ["a%00.txt", "bad-reference-uri"],
  ])("refuses %j", (uri, code) => {
    expect(codeOf(() => referenceUriToEntryName(uri))).toBe(code);
  });

  it("finds data files of a container exactly: '+' and space are different files", () => {
    const container = readAsicE(
      createAsicE({
        dataFiles: [
          { name: "a+b.txt", content: new Uint8Array([1]) },
          { name: "a b.txt", content: new Uint8Array([2]) },
          { name: "līgums ēka.pdf", content: new Uint8Array([3]) },
        ],
      }),
    );
    const names = container.dataFiles.map((f) => f.name);
    expect(findEntryByReferenceUri("a+b.txt", names)).toBe("a+b.txt");
    expect(findEntryByReferenceUri("a%20b.txt", names)).toBe("a b.txt");
    expect(findEntryByReferenceUri("l%C4%ABgums%20%C4%93ka.pdf", names)).toBe("līgums ēka.pdf");
    expect(findEntryByReferenceUri("A+B.txt", names)).toBeNull();
    // Unicode is not normalised: NFD "ī" is another name.
    expect(findEntryByReferenceUri("li%CC%84gums%20%C4%93ka.pdf", names)).toBeNull();
    for (const name of names)
      expect(findEntryByReferenceUri(entryNameToReferenceUri(name), names)).toBe(name);
  });
});

import { describe, expect, it } from "vitest";
import { CSV_BOM, csvCell, csvChunks, csvRow } from "./csv.ts";

describe("CSV cells (RFC 4180)", () => {
  it.each([
    ["plain", "plain"],
    ["", ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    ["cr\rlf", '"cr\rlf"'],
    ["Ārstu māja, SIA", '"Ārstu māja, SIA"'],
  ])("%j → %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it("writes null and undefined as empty cells and numbers as they are", () => {
    expect(csvRow([null, undefined, 42, "x"])).toBe(",,42,x\r\n");
  });
});

describe("CSV formula injection (OWASP): cells that a spreadsheet would run get a leading '", () => {
  it.each([
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ["+1+1", "'+1+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", `"'\r=1"`],
    ["=1,2", `"'=1,2"`],
  ])("%j → %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it("leaves a formula character that is not first alone", () => {
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell("PNOLV-290156-11605")).toBe("PNOLV-290156-11605");
  });
});

describe("csvChunks", () => {
  it("starts with the UTF-8 BOM and the header, then one chunk per non-empty batch", async () => {
    async function* batches() {
      yield [{ a: "1", b: "x,y" }];
      yield [];
      yield [
        { a: "=2", b: "Rīga" },
        { a: "3", b: null },
      ];
    }
    const chunks: string[] = [];
    for await (const c of csvChunks(["A", "B"], batches(), (r: { a: string; b: string | null }) => [
      r.a,
      r.b,
    ]))
      chunks.push(c);
    expect(chunks).toEqual([`${CSV_BOM}A,B\r\n`, '1,"x,y"\r\n', "'=2,Rīga\r\n3,\r\n"]);
    expect(Buffer.from(chunks.join(""), "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});

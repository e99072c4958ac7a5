/**
 * How signing fails (PADES_ERROR_CODES): every refusal is a PadesError with its code, and the
 * original is never touched.
 */
import { describe, expect, it } from "vitest";
import { edocTestPki } from "../edoc/testing/edoc-test-pki.ts";
import { buildTimeStampRejection } from "../tsp/time-stamp-response.ts";
import { addDss } from "./add-dss.ts";
import { PadesError } from "./errors.ts";
import { signPdf } from "./sign-pdf.ts";
import { buildTestPdf } from "./testing/test-pdf.ts";

describe("signPdf refusals", () => {
  const pki = edocTestPki();

  const code = (p: Promise<unknown>) =>
    p.then(
      () => "resolved",
      (e: unknown) => (e instanceof PadesError ? e.code : `not a PadesError: ${String(e)}`),
    );

  it("missing TSA or fetchers, a page that does not exist: pades-bad-input", async () => {
    const pdf = await buildTestPdf();
    const signer = pki.issueSigner();
    expect(await code(signPdf({ pdf, signer, level: "T" }))).toBe("pades-bad-input");
    expect(await code(signPdf({ pdf, signer, level: "LT", tsa: pki.tsa }))).toBe("pades-bad-input");
    expect(await code(signPdf({ pdf, signer, visible: { page: 3, rect: [0, 0, 10, 10] } }))).toBe(
      "pades-bad-input",
    );
  });

  it("a TSA that refuses, fails or answers for other data: pades-tsa-failed", async () => {
    const pdf = await buildTestPdf();
    const signer = pki.issueSigner();
    const refusing = async () => buildTimeStampRejection("badRequest", "busy");
    expect(await code(signPdf({ pdf, signer, level: "T", tsa: refusing }))).toBe("pades-tsa-failed");
    const down = async (): Promise<Uint8Array> => {
      throw new Error("connection refused");
    };
    expect(await code(signPdf({ pdf, signer, level: "T", tsa: down }))).toBe("pades-tsa-failed");
    // A replay: a valid token for another request.
    let first: Uint8Array | undefined;
    const replaying = async (request: Uint8Array) => {
      first ??= await pki.tsa(request);
      return first;
    };
    await signPdf({ pdf, signer, level: "T", tsa: replaying });
    expect(await code(signPdf({ pdf, signer, level: "T", tsa: replaying }))).toBe("pades-tsa-failed");
  });

  it("a CMS larger than the reserved /Contents: pades-placeholder-too-small", async () => {
    expect(await code(signPdf({ pdf: await buildTestPdf(), signer: pki.issueSigner(), reserve: 200 }))).toBe(
      "pades-placeholder-too-small",
    );
  });

  it("B-LT without obtainable revocation data: pades-revocation-unavailable; a DSS needs a signature", async () => {
    const pdf = await buildTestPdf();
    const none = { fetchOcsp: async () => undefined, fetchCrl: async () => undefined };
    expect(
      await code(signPdf({ pdf, signer: pki.issueSigner(), level: "LT", tsa: pki.tsa, fetchers: none })),
    ).toBe("pades-revocation-unavailable");
    expect(await code(addDss({ pdf, fetchers: pki.fetchers, at: new Date() }))).toBe("pades-no-signature");
  });
});

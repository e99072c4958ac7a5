/**
 * The VPM token pipeline (verify → check → evidence) against tokens the testbed's VPM stand-in
 * signs, and against every refusal issue #5 item 5 names: unsigned, wrapped (a second assertion,
 * a moved Signature, duplicate IDs), wrong audience, wrong recipient, expired, not yet valid,
 * beyond the clock skew, untrusted signer, bad digest; plus size limits and level cross-checks.
 */
import { X509Certificate } from "node:crypto";
import { buildVpmToken, createVpmSigningCredential, type VpmTokenInput } from "@tilts/testbed";
import {
  DIGEST_SHA256,
  EXC_C14N,
  parseXml,
  SIG_RSA_SHA256,
  signXml,
  TRANSFORM_ENVELOPED_SIGNATURE,
} from "@tilts/trust";
import { describe, expect, it } from "vitest";
import { checkVpmAssertion, type VpmAssertionPolicy } from "./vpm-assertion.ts";
import { evidenceFromVpm } from "./vpm-evidence.ts";
import { verifyVpmToken } from "./vpm-token.ts";

const credential = createVpmSigningCredential();
const stranger = createVpmSigningCredential(new Date(), "Not the VPM");
const trusted = [new X509Certificate(credential.certificate).publicKey];
const ISSUER = "http://www.latvija.lv/sts";
const REALM = "https://tilts.example/";
const REPLY = "https://tilts.example/signin/callback/latvija-lv";
const T0 = new Date("2024-03-01T10:00:00.000Z");
const SKEW = 120_000;

function input(overrides: Partial<VpmTokenInput> = {}): VpmTokenInput {
  return {
    version: "1.1",
    issuer: ISSUER,
    realm: REALM,
    replyUrl: REPLY,
    person: {
      personalCode: "320731-20115",
      previousCodes: ["290156-11605"],
      givenName: "Anna",
      familyName: "Bērziņa",
    },
    authenticationMethod: "urn:ivis:100001:am-bank-SWEDBANK",
    qaaLevel: "3",
    now: T0,
    lifetimeMs: 300_000,
    key: credential.key,
    certificate: credential.certificate,
    ...overrides,
  };
}

function policy(overrides: Partial<VpmAssertionPolicy> = {}): VpmAssertionPolicy {
  return {
    issuers: [ISSUER],
    realm: REALM,
    replyUrl: REPLY,
    clockSkewMs: SKEW,
    now: new Date(T0.getTime() + 1000),
    ...overrides,
  };
}

/** Signs a SAML 1.1 token anew with the VPM's key after a test edited it (what a real VPM might send). */
async function resignSaml11(xml: string): Promise<string> {
  const document = parseXml(xml.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, "")).document;
  const assertion = document.getElementsByTagNameNS("urn:oasis:names:tc:SAML:1.0:assertion", "Assertion")[0]!;
  const signed = await signXml({
    document,
    placement: { parent: assertion, before: null },
    references: [
      {
        uri: `#${assertion.getAttribute("AssertionID")}`,
        digestAlgorithm: DIGEST_SHA256,
        transforms: [{ algorithm: TRANSFORM_ENVELOPED_SIGNATURE }, { algorithm: EXC_C14N }],
      },
    ],
    canonicalizationAlgorithm: EXC_C14N,
    signatureAlgorithm: SIG_RSA_SHA256,
    key: credential.key,
    certificates: [credential.certificate],
    idAttributes: [{ localName: "AssertionID" }],
  });
  return signed.xml;
}

/** The whole pipeline; returns the evidence or the first refusal code. */
async function run(wresult: string, p: VpmAssertionPolicy = policy(), keys = trusted) {
  try {
    const token = await verifyVpmToken(wresult, keys);
    const result = evidenceFromVpm(checkVpmAssertion(token, p), "2024-03-01");
    return result.ok ? result.evidence : result.code;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe.each(["1.1", "2.0"] as const)("VPM token, SAML %s", (version) => {
  const ns = version === "1.1" ? "saml" : "saml2";
  const build = (o: Partial<VpmTokenInput> = {}) => buildVpmToken(input({ version, ...o }));

  it("accepts the stand-in's token: bank → substantial, current and historical codes", async () => {
    const evidence = await run(await build());
    expect(evidence).toEqual({
      method: "bank",
      via: "vpm",
      level: "substantial",
      person: {
        kind: "latvian",
        personalCode: "320731-20115",
        givenName: "Anna",
        familyName: "Bērziņa",
        birthDate: "1956-01-29",
        previousCodes: ["290156-11605"],
      },
    });
  });

  it("eID card and eParaksts Mobile with level 4 are high; Smart-ID with 3 substantial", async () => {
    const eid = await run(await build({ authenticationMethod: "urn:ivis:100001:am-eid", qaaLevel: "4" }));
    expect(eid).toMatchObject({ method: "eid-card", level: "high" });
    const mobile = await run(
      await build({ authenticationMethod: "urn:ivis:100001:am-eparaksts-mobile", qaaLevel: "4" }),
    );
    expect(mobile).toMatchObject({ method: "eparaksts-mobile", level: "high" });
    const smartId = await run(
      await build({ authenticationMethod: "urn:ivis:100001:am-smart-id", qaaLevel: "3" }),
    );
    expect(smartId).toMatchObject({ method: "smart-id", level: "substantial" });
  });

  it("a bank or Smart-ID claiming level 4 (high) is refused as inconsistent", async () => {
    expect(await run(await build({ qaaLevel: "4" }))).toBe("level-exceeds-means");
    expect(
      await run(await build({ authenticationMethod: "urn:ivis:100001:am-smart-id", qaaLevel: "4" })),
    ).toBe("level-exceeds-means");
    expect(
      await run(await build({ authenticationMethod: "urn:ivis:100001:am-unknown", qaaLevel: "4" })),
    ).toBe("unknown-means");
    expect(await run(await build({ qaaLevel: "9" }))).toBe("level-unknown");
  });

  it("refuses an unsigned assertion", async () => {
    const unsigned = (await build()).replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, "");
    expect(await run(unsigned)).toBe("assertion-unsigned");
  });

  it("refuses a wrapped token: a second assertion beside or inside the signed one's Signature", async () => {
    const good = await build();
    const forged = (
      await build({ person: { ...input().person, personalCode: "323691-93794", previousCodes: [] } })
    ).replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, "");
    const forgedAssertion = new RegExp(`<${ns}:Assertion[\\s\\S]*</${ns}:Assertion>`)
      .exec(forged)![0]
      .replace(/(AssertionID|ID)="[^"]+"/, '$1="_evil"');
    const beside = good.replace(
      "<trust:RequestedSecurityToken>",
      `<trust:RequestedSecurityToken>${forgedAssertion}`,
    );
    expect(await run(beside)).toBe("assertion-multiple");
    const inObject = good.replace(
      "</ds:Signature>",
      `<ds:Object>${forgedAssertion}</ds:Object></ds:Signature>`,
    );
    expect(await run(inObject)).toBe("assertion-multiple");
    const inResponse = good.replace(
      "<trust:TokenType>",
      `<trust:Extra>${forgedAssertion}</trust:Extra><trust:TokenType>`,
    );
    expect(await run(inResponse)).toBe("assertion-multiple");
  });

  it("SAML 1.1: attributes about another subject than the authentication statement's are refused", async () => {
    if (version !== "1.1") return;
    const token = await build();
    const [head, ...rest] = token.split("PK:32073120115</saml:NameIdentifier>");
    // The AttributeStatement's Subject comes first: name someone else there, then sign anew.
    const edited = await resignSaml11(
      [head, "PK:32369193794</saml:NameIdentifier>", rest.join("PK:32073120115</saml:NameIdentifier>")].join(
        "",
      ),
    );
    expect(await run(edited)).toBe("subject-confirmation");
    expect(await run(await resignSaml11(token))).toMatchObject({ method: "bank" });
  });

  it("refuses a moved Signature and duplicate IDs", async () => {
    const good = await build();
    const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(good)![0];
    const moved = good.replace(signature, "").replace("<trust:TokenType>", `${signature}<trust:TokenType>`);
    expect(await run(moved)).toBe("signature-misplaced");
    const id = /(?:AssertionID|ID)="([^"]+)"/.exec(good)![1]!;
    const duplicate = good.replace("<trust:TokenType>", `<trust:Extra ID="${id}"/><trust:TokenType>`);
    expect(await run(duplicate)).toBe("duplicate-id");
  });

  it("refuses a wrong audience, a wrong issuer and (SAML 2.0) a wrong recipient", async () => {
    expect(await run(await build({ realm: "https://other.example/" }))).toBe("audience-mismatch");
    expect(await run(await build({ issuer: "http://evil.example/sts" }))).toBe("issuer-mismatch");
    const otherReply = await run(await build({ replyUrl: "https://other.example/callback" }));
    expect(otherReply).toBe(version === "2.0" ? "recipient-mismatch" : otherReply);
    if (version === "1.1") expect(otherReply).toMatchObject({ method: "bank" }); // SAML 1.1 has no Recipient
  });

  it("checks the validity window with the configured clock skew", async () => {
    const token = await build();
    const at = (ms: number) => policy({ now: new Date(T0.getTime() + ms) });
    expect(await run(token, at(300_000 + SKEW))).toBe("expired");
    expect(await run(token, at(300_000 + SKEW - 1000))).toMatchObject({ method: "bank" });
    expect(await run(token, at(-SKEW - 1000))).toBe("not-yet-valid");
    expect(await run(token, at(-SKEW + 1000))).toMatchObject({ method: "bank" });
    // Beyond a tighter skew limit the same clock difference is refused.
    expect(await run(token, policy({ now: new Date(T0.getTime() - 60_000), clockSkewMs: 30_000 }))).toBe(
      "not-yet-valid",
    );
  });

  it("refuses an untrusted signer, a bad digest and a bad signature value", async () => {
    expect(await run(await build({ key: stranger.key, certificate: stranger.certificate }))).toBe(
      "untrusted-signer",
    );
    // The stranger's token with the VPM's certificate put in KeyInfo: still not the VPM's key.
    const swapped = (await build({ key: stranger.key, certificate: stranger.certificate })).replace(
      /<ds:X509Certificate>[^<]+</,
      `<ds:X509Certificate>${Buffer.from(credential.certificate).toString("base64")}<`,
    );
    expect(await run(swapped)).toBe("signature-invalid");
    const changed = (await build()).replace(">Anna<", ">Anne<");
    expect(await run(changed)).toBe("digest-mismatch");
    const badValue = (await build()).replace(
      /<ds:SignatureValue>(.)/,
      (_m, c: string) => `<ds:SignatureValue>${c === "A" ? "B" : "A"}`,
    );
    expect(await run(badValue)).toBe("signature-invalid");
  });

  it("refuses oversized, deep and non-RSTR input", async () => {
    const big = (await build()).replace(
      "<trust:TokenType>",
      `<trust:Pad>${"x".repeat(300 * 1024)}</trust:Pad><trust:TokenType>`,
    );
    expect(await run(big)).toBe("token-too-large");
    const deep = (await build()).replace(
      "<trust:TokenType>",
      `${"<a>".repeat(40)}${"</a>".repeat(40)}<trust:TokenType>`,
    );
    expect(await run(deep)).toBe("token-malformed");
    expect(await run("<html/>")).toBe("token-not-rstr");
    expect(await run("not xml")).toBe("token-malformed");
    expect(await run('<!DOCTYPE x [<!ENTITY a "b">]><x/>')).toBe("token-malformed");
  });
});

/** The module's real token layout (indented, WS-Trust 1.3 collection, typed level value, an image claim). */
function moduleLayoutToken(codes: string): string {
  const nb = "2024-03-01T09:59:30.000Z";
  const na = "2024-03-01T10:04:30.000Z";
  const subject = `
            <saml:Subject>
              <saml:NameIdentifier Format="urn:ivis:100001:name.id-viss">PK:32073120115</saml:NameIdentifier>
              <saml:SubjectConfirmation>
                <saml:ConfirmationMethod>urn:oasis:names:tc:SAML:1.0:cm:bearer</saml:ConfirmationMethod>
              </saml:SubjectConfirmation>
            </saml:Subject>`;
  const claim = (name: string, value: string, primary: boolean) => `
            <saml:Attribute AttributeName="${name}" AttributeNamespace="http://schemas.xmlsoap.org/ws/2005/05/identity/claims"${primary ? ' a:OriginalIssuer="TESTidp" xmlns:a="http://schemas.xmlsoap.org/ws/2009/09/identity/claims"' : ""}>
              <saml:AttributeValue>${value}</saml:AttributeValue>
            </saml:Attribute>`;
  return `<?xml version="1.0"?>
<trust:RequestSecurityTokenResponseCollection xmlns:trust="http://docs.oasis-open.org/ws-sx/ws-trust/200512">
  <trust:RequestSecurityTokenResponse Context="${REPLY}">
    <trust:Lifetime>
      <wsu:Created xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">${nb}</wsu:Created>
    </trust:Lifetime>
    <trust:RequestedSecurityToken>
      <saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion" MajorVersion="1" MinorVersion="1" AssertionID="_3f1c-layout" Issuer="${ISSUER}" IssueInstant="${nb}">
        <saml:Conditions NotBefore="${nb}" NotOnOrAfter="${na}">
          <saml:AudienceRestrictionCondition>
            <saml:Audience>${REALM}</saml:Audience>
          </saml:AudienceRestrictionCondition>
        </saml:Conditions>
        <saml:AttributeStatement>${subject}${claim("givenname", "ANNA", true)}${claim("surname", "BĒRZIŅA", true)}${codes}
          <saml:Attribute AttributeName="citizenQAALevel" AttributeNamespace="http://ivis.eps.gov.lv/schema/identity/claims">
            <saml:AttributeValue a:type="tn:integer" xmlns:tn="http://www.w3.org/2001/XMLSchema" xmlns:a="http://www.w3.org/2001/XMLSchema-instance">4</saml:AttributeValue>
          </saml:Attribute>
          <saml:Attribute AttributeName="109x34" AttributeNamespace="http://ivis.eps.gov.lv/schema/media/image">
            <saml:AttributeValue>https://vpm.example/Image.ashx?id=am</saml:AttributeValue>
          </saml:Attribute>
        </saml:AttributeStatement>
        <saml:AuthenticationStatement AuthenticationMethod="urn:ivis:100001:am-eid" AuthenticationInstant="${nb}">${subject}
          <saml:SubjectLocality IPAddress="127.0.0.1" />
        </saml:AuthenticationStatement>
      </saml:Assertion>
    </trust:RequestedSecurityToken>
    <trust:TokenType>urn:oasis:names:tc:SAML:1.0:assertion</trust:TokenType>
  </trust:RequestSecurityTokenResponse>
</trust:RequestSecurityTokenResponseCollection>
`;
}

describe("VPM token in the module's real layout (SAML 1.1, omniauth-latvija's fixture shape)", () => {
  const claim = (value: string, primary: boolean) =>
    `<saml:Attribute AttributeName="privatepersonalidentifier" AttributeNamespace="http://schemas.xmlsoap.org/ws/2005/05/identity/claims"${primary ? ' a:OriginalIssuer="TESTidp" xmlns:a="http://schemas.xmlsoap.org/ws/2009/09/identity/claims"' : ""}><saml:AttributeValue>${value}</saml:AttributeValue></saml:Attribute>`;

  it("reads the primary code, keeps valid historical codes and leaves out an invalid one", async () => {
    const token = await resignSaml11(
      moduleLayoutToken(
        claim("32073120115", true) + claim("29015611605", false) + claim("12345678901", false),
      ),
    );
    expect(await run(token)).toEqual({
      method: "eid-card",
      via: "vpm",
      level: "high",
      person: {
        kind: "latvian",
        personalCode: "320731-20115",
        givenName: "ANNA",
        familyName: "BĒRZIŅA",
        birthDate: "1956-01-29",
        previousCodes: ["290156-11605"],
      },
    });
  });

  it("two codes marked primary are refused as ambiguous", async () => {
    const two = await resignSaml11(
      moduleLayoutToken(claim("32073120115", true) + claim("29015611605", true)),
    );
    expect(await run(two)).toBe("personal-code-ambiguous");
  });
});

describe("VPM personal codes", () => {
  it("a single unmarked code is current; the NameIdentifier must agree with the marked one", async () => {
    const token = await buildVpmToken(input({ person: { ...input().person, previousCodes: [] } }));
    // The module's own layout without the OriginalIssuer mark, signed anew: still one current code.
    const unmarked = await resignSaml11(
      token.replace(/ a:OriginalIssuer="[^"]+" xmlns:a="[^"]+"(><saml:AttributeValue>32073120115)/, "$1"),
    );
    expect(unmarked).not.toContain(
      'OriginalIssuer="http://www.latvija.lv/sts" xmlns:a="http://schemas.xmlsoap.org/ws/2009/09/identity/claims"><saml:AttributeValue>320',
    );
    expect(await run(unmarked)).toMatchObject({
      person: { personalCode: "320731-20115", previousCodes: [] },
    });
    const checked = checkVpmAssertion(await verifyVpmToken(token, trusted), policy());
    expect(evidenceFromVpm(checked)).toMatchObject({ ok: true, evidence: { person: { previousCodes: [] } } });
    const values = checked.attributes.get(
      "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/privatepersonalidentifier",
    )!;
    const noMark = {
      ...checked,
      attributes: new Map(checked.attributes).set(
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/privatepersonalidentifier",
        values.map((v) => ({ ...v, primary: false })),
      ),
    };
    expect(evidenceFromVpm(noMark)).toMatchObject({
      ok: true,
      evidence: { person: { personalCode: "320731-20115" } },
    });
    expect(evidenceFromVpm({ ...checked, nameId: "PK:32369193794" })).toEqual({
      ok: false,
      code: "personal-code-ambiguous",
    });
  });

  it("several unmarked codes: the NameIdentifier's is current; without one it is ambiguous", async () => {
    const checked = checkVpmAssertion(await verifyVpmToken(await buildVpmToken(input()), trusted), policy());
    const key = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/privatepersonalidentifier";
    const unmarked = new Map(checked.attributes).set(
      key,
      checked.attributes.get(key)!.map((v) => ({ ...v, primary: false })),
    );
    expect(evidenceFromVpm({ ...checked, attributes: unmarked })).toMatchObject({
      ok: true,
      evidence: { person: { personalCode: "320731-20115", previousCodes: ["290156-11605"] } },
    });
    expect(evidenceFromVpm({ ...checked, attributes: unmarked, nameId: undefined })).toEqual({
      ok: false,
      code: "personal-code-ambiguous",
    });
    const bad = new Map(checked.attributes).set(key, [{ value: "12345678901", primary: true }]);
    expect(evidenceFromVpm({ ...checked, attributes: bad, nameId: "PK:12345678901" })).toEqual({
      ok: false,
      code: "bad-personal-code",
    });
  });
});

import { describe, expect, it } from "vitest";
import { pageContext } from "../../web/layout.tsx";
import { refusalPage, signInPage } from "./pages.tsx";

describe("sign-in pages", () => {
  it("the refusal page says which means to use (AUTH-1, AUTH-4), in both languages", () => {
    const refusal = {
      code: "professional-means-refused" as const,
      used: ["vpm", "bank"] as never,
      suggested: ["eid-card", "eparaksts-mobile"] as const,
    };
    const lv = refusalPage(pageContext("lv", "/"), "uid1234567890", refusal);
    expect(lv).toContain("Pieteikšanās atteikta");
    expect(lv).toContain("eID karte");
    expect(lv).toContain("eParaksts Mobile");
    expect(lv).toContain("internetbanka");
    const en = refusalPage(pageContext("en", "/"), "uid1234567890", refusal);
    expect(en).toContain("Sign-in refused");
    expect(en).toContain("<li>eID card</li>");
    expect(en).toContain("<li>eParaksts Mobile</li>");
  });

  it("escapes the relying party's name and lists unbuilt methods as text, not buttons", () => {
    const html = signInPage(pageContext("en", "/"), {
      uid: "uid1234567890",
      clientName: "<script>x</script>",
      professional: false,
      buttons: ["eparaksts", "latvija-lv"],
      unavailable: ["eid-card", "eidas"],
    });
    expect(html).not.toContain("<script>x");
    expect(html).toContain("&lt;script>");
    expect(html.match(/name="method"/g)?.length).toBe(2);
    expect(html).toContain("<li>eID card</li>");
  });
});

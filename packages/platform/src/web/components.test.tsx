/**
 * The shared form components' markup, which every module's workplace relies on for WCAG 2.1 AA:
 * an invalid field names its error through aria-describedby and the summary links to the field;
 * the sign-out form carries the session's CSRF token.
 */
import { render } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import { DataTable, ErrorSummary, SelectField, SignedInBar, TextField } from "./components.tsx";

describe("shared form components", () => {
  it("ties an invalid text field's error and hint to it, and a valid one to its hint only", () => {
    const invalid = render(
      <TextField
        id="f-name"
        name="name"
        label="Nosaukums"
        hint="Pilns nosaukums"
        error="Norādiet nosaukumu"
        maxLength={200}
      />,
    );
    expect(invalid).toContain('<label for="f-name">Nosaukums</label>');
    expect(invalid).toContain('aria-describedby="f-name-hint f-name-error"');
    expect(invalid).toContain('aria-invalid="true"');
    expect(invalid).toContain('<p class="error-message" id="f-name-error">Norādiet nosaukumu</p>');
    const valid = render(
      <TextField id="f-name" name="name" label="Nosaukums" hint="Pilns" maxLength={200} required={false} />,
    );
    expect(valid).toContain('aria-describedby="f-name-hint"');
    expect(valid).not.toContain("aria-invalid");
    expect(valid).not.toContain("required");
  });

  it("offers a choice with an empty first option and keeps the chosen value", () => {
    const html = render(
      <SelectField
        id="f-kind"
        name="kind"
        label="Veids"
        choose="Izvēlieties"
        options={[
          { value: "hospital", text: "Slimnīca" },
          { value: "pharmacy", text: "Aptieka" },
        ]}
        value="pharmacy"
      />,
    );
    expect(html).toContain("<option value>Izvēlieties</option>");
    expect(html).toMatch(/<option value="pharmacy" selected>Aptieka<\/option>/);
    expect(html).not.toMatch(/<option value="hospital" selected/);
  });

  it("lists a form's errors as links to their fields, and shows nothing without errors", () => {
    const html = render(
      <ErrorSummary
        title="Labojiet kļūdas"
        errors={[{ field: "name", message: "Norādiet nosaukumu" }]}
        idPrefix="f"
      />,
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain('<a href="#f-name">Norādiet nosaukumu</a>');
    expect(render(<ErrorSummary title="Labojiet kļūdas" errors={[]} idPrefix="f" />)).toBe("");
  });

  it("signs out by a POST carrying the session's CSRF token", () => {
    const html = render(
      <SignedInBar
        signedInAs="Pieslēdzies: Anna Ozola"
        level="augsts"
        signOutHref="/ehealth/signout/citizen"
        signOut="Iziet"
        csrfToken="tok-1"
      />,
    );
    expect(html).toContain('<form method="post" action="/ehealth/signout/citizen">');
    expect(html).toContain('<input type="hidden" name="_csrf" value="tok-1"/>');
  });

  it("shows the empty text instead of an empty table, and column headings with their scope", () => {
    const row = (n: number) => (
      <tr key={n}>
        <td>{n}</td>
      </tr>
    );
    expect(
      render(<DataTable caption="Iestādes" headers={["Nr."]} rows={[]} row={row} empty="Nav iestāžu" />),
    ).toBe("<p>Nav iestāžu</p>");
    const table = render(<DataTable caption="Iestādes" headers={["Nr."]} rows={[1, 2]} row={row} />);
    expect(table).toContain('<th scope="col">Nr.</th>');
    expect(table).toContain('<caption class="visually-hidden">Iestādes</caption>');
  });
});

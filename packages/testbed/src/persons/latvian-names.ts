/**
 * Short lists of common Latvian given names and surnames for synthetic test persons (written
 * for this project). Latvian names agree with gender: masculine forms end in -s, -š or -is,
 * feminine in -a or -e. Surnames are listed as masculine/feminine pairs because the feminine
 * form follows more than one rule: -s/-š → -a (Bērziņš → Bērziņa), -is → -e (Balodis → Balode),
 * -nieks → -niece (Podnieks → Podniece), -sons → -sone (Jansons → Jansone). Surnames that do
 * not change with gender (Liepa, Roze) are left out so the agreement rule holds for every name.
 */

// Space-separated words keep the lists compact under the formatter.
const words = (text: string): readonly string[] => text.trim().split(/\s+/);

export const MALE_GIVEN_NAMES: readonly string[] = words(`
  Jānis Andris Juris Edgars Māris Aivars Pēteris Kārlis Roberts Artūrs Mārtiņš Valdis Guntis
  Raimonds Ivars Aigars Dainis Gints Kristaps Rihards Ēriks Oskars Ilmārs Uldis Normunds Egils
  Arvīds Gatis Toms Dāvis Emīls Markuss Ralfs Gustavs Intars Arnis Imants Viesturs Krišjānis
  Ansis Miķelis Jēkabs Matīss Rūdolfs Ainārs Raivis
`);

export const FEMALE_GIVEN_NAMES: readonly string[] = words(`
  Anna Kristīne Inese Ilze Līga Laura Sanita Dace Ieva Elīna Zane Agnese Linda Santa Evija Marta
  Sandra Baiba Gunta Inga Anete Alise Sofija Emīlija Elizabete Paula Katrīna Madara Rūta Māra
  Solvita Aija Vija Dzintra Ināra Rasma Līva Amēlija Beāte Estere Ērika Lelde Daina Iveta
`);

/** [masculine, feminine] */
export const SURNAME_PAIRS: readonly (readonly [string, string])[] = words(`
  Bērziņš/Bērziņa Kalniņš/Kalniņa Ozols/Ozola Krūmiņš/Krūmiņa Jansons/Jansone Zariņš/Zariņa
  Kļaviņš/Kļaviņa Vītols/Vītola Kalējs/Kalēja Balodis/Balode Eglītis/Eglīte Pētersons/Pētersone
  Vilks/Vilka Lācis/Lāce Siliņš/Siliņa Ozoliņš/Ozoliņa Kārkliņš/Kārkliņa Freimanis/Freimane
  Sproģis/Sproģe Grīnbergs/Grīnberga Rozenbergs/Rozenberga Vanags/Vanaga Avotiņš/Avotiņa
  Strazdiņš/Strazdiņa Dūmiņš/Dūmiņa Āboliņš/Āboliņa Lapiņš/Lapiņa Kalns/Kalna Putniņš/Putniņa
  Krastiņš/Krastiņa Zālītis/Zālīte Podnieks/Podniece Kundziņš/Kundziņa Mednis/Medne
  Briedis/Briede Circenis/Circene Zeltiņš/Zeltiņa Jākobsons/Jākobsone Skujiņš/Skujiņa
  Auziņš/Auziņa Celmiņš/Celmiņa Sīlis/Sīle
`).map((pair) => {
  const [male = "", female = ""] = pair.split("/");
  return [male, female] as const;
});

/**
 * The accessibility check every browser test makes of a page: axe-core with the WCAG 2.0 and
 * 2.1 A/AA rules, no violation allowed; a failure names the page, the rule and the elements.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { expect } from "vitest";

export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const where = new URL(page.url()).pathname;
  expect(
    results.violations.map(
      (v) => `${where}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`,
    ),
  ).toEqual([]);
}

/**
 * What a new file changes against the published codes: codes new to the classifier (or back
 * after retirement) are added, codes whose display or validity differs are changed, published
 * codes the file no longer carries are retired (kept, never deleted: old documents still carry
 * them). A file equal to what is published changes nothing and makes no new version.
 */
import type { ClassifierEntry } from "./entry.ts";

export interface PublishedCode extends ClassifierEntry {
  retired: boolean;
}

export interface ClassifierChanges {
  added: ClassifierEntry[];
  changed: ClassifierEntry[];
  retired: string[];
}

const same = (a: ClassifierEntry, b: ClassifierEntry) =>
  a.displayLv === b.displayLv &&
  a.displayEn === b.displayEn &&
  a.validFrom === b.validFrom &&
  a.validTo === b.validTo;

export function computeChanges(
  published: readonly PublishedCode[],
  entries: readonly ClassifierEntry[],
): ClassifierChanges {
  const byCode = new Map(published.map((p) => [p.code, p]));
  const inFile = new Set(entries.map((e) => e.code));
  const changes: ClassifierChanges = { added: [], changed: [], retired: [] };
  for (const entry of entries) {
    const current = byCode.get(entry.code);
    if (!current || current.retired) changes.added.push(entry);
    else if (!same(current, entry)) changes.changed.push(entry);
  }
  for (const p of published) if (!p.retired && !inFile.has(p.code)) changes.retired.push(p.code);
  return changes;
}

export const changeCount = (c: ClassifierChanges) => c.added.length + c.changed.length + c.retired.length;

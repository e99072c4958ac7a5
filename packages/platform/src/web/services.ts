/**
 * The services the home page lists. Each module adds its own entry when it is composed into the
 * server (see http/server.ts), so the home page never needs to know the modules.
 */
import type { Language } from "./i18n.ts";

export interface ServiceEntry {
  id: string;
  href: string;
  title: Record<Language, string>;
  description: Record<Language, string>;
}

export class ServiceDirectory {
  private readonly entries: ServiceEntry[] = [];

  add(entry: ServiceEntry): void {
    if (this.entries.some((e) => e.id === entry.id)) throw new Error(`service ${entry.id} is listed twice`);
    this.entries.push(entry);
  }

  list(): readonly ServiceEntry[] {
    return this.entries;
  }
}

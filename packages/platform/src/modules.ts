/**
 * Start-up composition: which modules the server carries. The only place where the platform
 * may wire the testbed in (DESIGN.md), and only when the configuration asks for it.
 */
import type { PlatformConfig } from "./config/config.ts";
import type { ServerModule } from "./http/server.ts";

export async function composeModules(_config: PlatformConfig): Promise<ServerModule[]> {
  const modules: ServerModule[] = [];
  return modules;
}

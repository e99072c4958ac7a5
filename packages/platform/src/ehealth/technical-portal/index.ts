/** The technical portal for software vendors (ANX2-13, DEV-6): public pages and downloads. See README.md. */
export { TECHNICAL_PORTAL_PATHS } from "./paths.ts";
export { registerTechnicalPortalRoutes, systemServicesBase, type TechnicalPortalDeps } from "./routes.ts";
export { systemOpenApiDocument } from "./system-openapi.ts";

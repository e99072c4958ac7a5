/**
 * @tilts/trust — certificates, revocation, XML signatures, XAdES, ASiC-E, trusted lists.
 * A pure library: no server, no database; network access only through functions the caller
 * injects. Each standard has its own folder; this file re-exports their front doors.
 */
import "reflect-metadata";

export * from "./asic/index.ts";
export * from "./c14n/index.ts";
export * from "./cms/index.ts";
export * from "./edoc/index.ts";
export * from "./errors.ts";
export * from "./ocsp/index.ts";
export * from "./pades/index.ts";
export * from "./pkcs12/index.ts";
export * from "./revocation/index.ts";
export * from "./revocation/types.ts";
export * from "./trusted-list/index.ts";
export * from "./tsp/index.ts";
export * from "./validation/index.ts";
export * from "./x509/index.ts";
export * from "./xades/index.ts";
export * from "./xml/index.ts";
export * from "./xmldsig/index.ts";

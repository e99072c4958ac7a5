/**
 * @tilts/testbed — stand-ins for the outside parties Tilts talks to (test PKI, TSA, OCSP,
 * eParaksts, Latvija.lv, eIDAS nodes) and synthetic test data. Depends on @tilts/trust only.
 * Each stand-in has its own folder; this file re-exports their front doors.
 */

export * from "./as4/index.ts";
export * from "./eid-card/index.ts";
export * from "./eidas/index.ts";
export * from "./eparaksts/index.ts";
export * from "./http/index.ts";
export * from "./oots/index.ts";
export * from "./persons/index.ts";
export * from "./pin-block/index.ts";
export * from "./pki/index.ts";
export * from "./trusted-list/index.ts";
export * from "./vpm/index.ts";

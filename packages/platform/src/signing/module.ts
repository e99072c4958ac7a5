/**
 * The signing module as a server module: the public verification page (issue "Signing") and
 * its entry on the home page. Trust: SIGNING_SIGNATURE_ANCHORS, else the testbed's root CA;
 * revocation data fetched from the responders the certificates name (OCSP, CRL), so a
 * certificate revoked a moment ago shows revoked at once (SIG-4).
 */
import { join } from "node:path";
import type { TrustedList } from "@tilts/trust";
import type { FastifyInstance } from "fastify";
import { httpFetchers } from "../cli/commands/sign-http.ts";
import type { CoreConfig } from "../config/config.ts";
import { ConfigError } from "../config/config-error.ts";
import { watchedPemCertificates } from "../config/pem-certificates.ts";
import { TrustedListFileError, watchTrustedListFiles } from "../config/trusted-list-files.ts";
import type { ModuleServerPart } from "../core/module/index.ts";
import { qualifyByCertificateStatements } from "../eservices/index.ts";
import type { SigningConfig } from "./config-keys.ts";
import type { SigningHooks } from "./hooks.ts";
import { verifyText } from "./pages/messages.ts";
import { configuredReportSeal } from "./report/report-seal.ts";
import { verifyRoutes } from "./routes/verify-routes.ts";
import { VerifiedDocuments } from "./verification/verified-documents.ts";

/** Total size of the files kept for opening at once, across all visitors. */
const KEPT_BYTES = 512 * 1024 * 1024;

function anchorsOf(config: CoreConfig & SigningConfig): () => Uint8Array[] {
  if (config.signingSignatureAnchors)
    return watchedPemCertificates(config.signingSignatureAnchors, "SIGNING_SIGNATURE_ANCHORS", {
      requireCa: true,
    });
  if (config.testbed)
    return watchedPemCertificates(
      join(config.dataDir, "testbed", "pki", "ca", "root.crt.pem"),
      "testbed root CA",
      {
        missingIsEmpty: true,
      },
    );
  return () => [];
}

/** SIGNING_TRUSTED_LISTS read now (a bad list stops the start with one line) and when a file changes. */
async function trustedListsOf(config: SigningConfig, app: FastifyInstance): Promise<() => TrustedList[]> {
  const files = config.signingTrustedLists ?? [];
  if (files.length === 0) return () => [];
  try {
    const watched = await watchTrustedListFiles(files, (error) =>
      app.log.warn(
        { file: error.file },
        `a new copy of a trusted list was refused, the previous stays: ${error.message}`,
      ),
    );
    return () => watched.current();
  } catch (error) {
    if (error instanceof TrustedListFileError) throw new ConfigError("SIGNING_TRUSTED_LISTS", error.message);
    throw error;
  }
}

export function signingModule(
  config: CoreConfig & SigningConfig,
  hooks: SigningHooks = {},
): ModuleServerPart {
  return {
    async register(app, { services }) {
      const now = hooks.now ?? (() => new Date());
      const documents = new VerifiedDocuments({
        ttlMs: config.signingContentTtlSeconds * 1000,
        maxBytes: Math.max(KEPT_BYTES, config.signingMaxUploadBytes),
        now: () => now().getTime(),
      });
      await verifyRoutes(app, {
        ports: {
          anchors: hooks.anchors ?? anchorsOf(config),
          trustedLists: hooks.trustedLists ?? (await trustedListsOf(config, app)),
          qualifyWithoutList: qualifyByCertificateStatements,
          fetchers: hooks.fetchers ?? httpFetchers(),
          now,
        },
        documents,
        reportSeal: hooks.reportSeal ?? configuredReportSeal(config),
        maxUploadBytes: config.signingMaxUploadBytes,
      });
      services.add({
        id: "signing",
        href: "/verify",
        title: { lv: verifyText.lv.title, en: verifyText.en.title },
        description: { lv: verifyText.lv.serviceDescription, en: verifyText.en.serviceDescription },
      });
    },
  };
}

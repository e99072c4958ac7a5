/**
 * The mutual-TLS listener for institutions' own systems (ANX2-7, DEV-4), on its own port beside
 * the web port. Node's `tls` server asks for a client certificate but lets OpenSSL accept any
 * (`requestCert: true, rejectUnauthorized: false`): the certificate is then judged by our own
 * pipeline (check-client-certificate.ts) — RFC 5280 strict profile, CRLs from the revocation
 * cache, the binding table — so every refusal carries a reason and is audited, which OpenSSL's
 * verify callback cannot give us. Only an admitted connection is handed to the HTTP server
 * (Fastify over `http.createServer`): no request is parsed before the certificate is judged.
 * TLS 1.2 and 1.3 only, AEAD suites, SHA-2 signature algorithms (ANX2-7).
 */
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer as createTlsServer, type TLSSocket } from "node:tls";
import { RevocationCache as Cache, type RevocationCache } from "@tilts/trust";
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { type CopyingSettings, DEFAULT_COPYING_SETTINGS } from "../copying/index.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import type { UploadCheckPorts } from "../documents/index.ts";
import { type AuditPort, auditConnected, auditRefusal } from "./audit-events.ts";
import type { SystemBinding } from "./binding-store.ts";
import { checkClientCertificate, type PresentedChain } from "./check-client-certificate.ts";
import type { KeyPolicy } from "./core/key-policy.ts";
import { RefusalThrottle, type ThrottleLimits } from "./core/refusal-throttle.ts";
import { RevocationGuard } from "./revocation-guard.ts";
import { registerSystemRoutes } from "./routes.ts";

/** SHA-2 only, for handshake signatures and the CertificateRequest (RFC 8446 §4.2.3). */
export const TLS_SIGNATURE_ALGORITHMS = [
  "ecdsa_secp256r1_sha256",
  "ecdsa_secp384r1_sha384",
  "ecdsa_secp521r1_sha512",
  "rsa_pss_rsae_sha256",
  "rsa_pss_rsae_sha384",
  "rsa_pss_rsae_sha512",
  "rsa_pss_pss_sha256",
  "rsa_pss_pss_sha384",
  "rsa_pss_pss_sha512",
  "RSA+SHA256",
  "RSA+SHA384",
  "RSA+SHA512",
].join(":");

/** The protocol versions the listener speaks (ANX2-7); the technical portal publishes them. */
export const TLS_MIN_VERSION = "TLSv1.2";
export const TLS_MAX_VERSION = "TLSv1.3";

/** TLS 1.2: forward-secret AEAD suites only (TLS 1.3's are all AEAD). */
export const TLS12_CIPHERS = [
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-CHACHA20-POLY1305",
].join(":");

export interface SystemAccessListenerOptions {
  db: Kysely<Database>;
  host: string;
  /** 0: any free port (tests). */
  port: number;
  /** PEM private key and certificate (chain) of the listener. */
  serverKey: string;
  serverCertificate: string;
  /** Client CAs (trust anchors), read at each handshake so a replaced file counts. */
  clientCas: () => Uint8Array[];
  keyPolicy: KeyPolicy;
  /** Production: admit only bindings whose system version the operator approved (applications/). */
  requireApprovedVersion?: boolean;
  /** How often the cached CRLs are fetched again (ANX2-9: at most 24 h; seconds in tests). */
  crlRefreshMs: number;
  fetchCrl: (url: string) => Promise<Uint8Array | undefined>;
  /** The CDA schema and signature trust of the document services (the portal's, shared). */
  documents: UploadCheckPorts;
  /**
   * More services on the same listener (another module's system services), registered after the
   * built-in ones and behind the same binding hook; `bindingOf` answers for the request.
   */
  additionalRoutes?: (
    app: FastifyInstance,
    bindingOf: (request: FastifyRequest) => SystemBinding | undefined,
  ) => void;
  now?: () => Date;
  /** How long planned maintenance windows read are reused (default 5 s; tests: 0). */
  maintenanceRefreshMs?: number;
  /** Anti-copying limits and detection of the document services (CON-3, ANX2-17); default: the defaults. */
  copying?: CopyingSettings;
  /** DEV-5: refuse classifier data to institutions without a classifier contract (production). */
  requireClassifierContract?: boolean;
  /** Refusal records per client address (default 20 a minute; the rest counted). */
  refusalAuditLimits?: ThrottleLimits;
  /** Pino-like logger for failures that cannot be answered to a client. */
  log?: { warn: (obj: object, msg: string) => void };
}

export interface SystemAccessListener {
  port: number;
  host: string;
  revocation: RevocationCache;
  guard: RevocationGuard;
  /** Stops accepting, lets open requests finish (5 s at most), stops the CRL refreshes. */
  close(): Promise<void>;
}

const HANDSHAKE_TIMEOUT_MS = 10_000;
const CLOSE_GRACE_MS = 5_000;

export async function startSystemAccessListener(
  options: SystemAccessListenerOptions,
): Promise<SystemAccessListener> {
  const now = options.now ?? (() => new Date());
  const warn = (error: unknown, msg: string) =>
    options.log?.warn(
      { err: error instanceof Error ? { name: error.name, code: (error as { code?: string }).code } : {} },
      msg,
    );
  const audit: AuditPort = {
    db: options.db,
    now,
    onError: (e) => warn(e, "system-access audit write failed"),
  };
  const revocation = new Cache({
    fetchCrl: options.fetchCrl,
    maxIntervalMs: options.crlRefreshMs,
    // The operator's setting is the floor too (the cache's default floor is a minute): a
    // revoked certificate's live connections are cut within one refresh (ANX2-9).
    minIntervalMs: options.crlRefreshMs,
    retryIntervalMs: options.crlRefreshMs,
  });
  const guard = new RevocationGuard(revocation, audit);
  const throttle = new RefusalThrottle(options.refusalAuditLimits);
  /** Audits a refusal unless its address has used up its records for now. */
  const refused = (refusal: Parameters<typeof auditRefusal>[1]): Promise<void> => {
    const decision = throttle.decide(refusal.clientAddress ?? "unknown", now().getTime());
    return decision.record ? auditRefusal(audit, refusal, decision.suppressedBefore) : Promise.resolve();
  };
  const bindings = new WeakMap<object, SystemBinding>();
  const writes = new Set<Promise<void>>();
  const remember = (p: Promise<void>) => {
    writes.add(p);
    void p.finally(() => writes.delete(p));
  };

  let httpServer: HttpServer | undefined;
  const app = Fastify({
    logger: false,
    serverFactory: (handler) => {
      httpServer = createHttpServer(handler);
      return httpServer;
    },
  });
  const bindingOf = (request: FastifyRequest) => bindings.get(request.raw.socket as object);
  await registerSystemRoutes(app, {
    db: options.db,
    documents: options.documents,
    bindingOf,
    now,
    ...(options.maintenanceRefreshMs !== undefined
      ? { maintenanceRefreshMs: options.maintenanceRefreshMs }
      : {}),
    copying: options.copying ?? DEFAULT_COPYING_SETTINGS,
    requireClassifierContract: options.requireClassifierContract ?? false,
  });
  options.additionalRoutes?.(app, bindingOf);
  await app.ready();
  const http = httpServer!;
  http.keepAliveTimeout = 60_000;

  const tlsServer = createTlsServer({
    key: options.serverKey,
    cert: options.serverCertificate,
    // Named in the CertificateRequest, so a client with several certificates picks the right one.
    ca: options.clientCas().map(pemOf),
    requestCert: true,
    rejectUnauthorized: false,
    minVersion: TLS_MIN_VERSION,
    maxVersion: TLS_MAX_VERSION,
    ciphers: TLS12_CIPHERS,
    sigalgs: TLS_SIGNATURE_ALGORITHMS,
    honorCipherOrder: true,
    handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
  });
  const context = {
    db: options.db,
    anchors: options.clientCas,
    revocation,
    keyPolicy: options.keyPolicy,
    requireApprovedVersion: options.requireApprovedVersion === true,
    now,
  };

  const admit = async (socket: TLSSocket): Promise<void> => {
    socket.on("error", () => {}); // a client vanishing mid-check is not a server error
    const clientAddress = socket.remoteAddress;
    const verdict = await checkClientCertificate(context, presentedChain(socket)).catch((error: unknown) => {
      warn(error, "system-access certificate check failed");
      return { accepted: false as const, code: "check-failed", message: "internal error" };
    });
    if (!verdict.accepted) {
      socket.destroy();
      await refused({
        code: verdict.code,
        ...("serial" in verdict && verdict.serial ? { serial: verdict.serial } : {}),
        ...(clientAddress ? { clientAddress } : {}),
      });
      return;
    }
    if (socket.destroyed) return;
    bindings.set(socket, verdict.binding);
    guard.track(socket, verdict.binding, verdict.leaf.der);
    await auditConnected(audit, verdict.binding, clientAddress);
    // Handed over only now: the HTTP parser starts reading what the client sent meanwhile.
    if (!socket.destroyed) http.emit("connection", socket);
  };
  tlsServer.on("secureConnection", (socket) => remember(admit(socket)));
  // Refusals inside the handshake (protocol version, cipher, signature algorithm): audited with
  // OpenSSL's reason. Plain TCP resets and timeouts without a TLS exchange are not.
  tlsServer.on("tlsClientError", (error, socket) => {
    const code = (error as { code?: string }).code ?? "";
    if (!code.startsWith("ERR_SSL_")) return;
    const clientAddress = socket.remoteAddress;
    remember(
      refused({
        code: `tls:${code.slice("ERR_SSL_".length).toLowerCase().replaceAll("_", "-")}`,
        ...(clientAddress ? { clientAddress } : {}),
      }),
    );
  });

  await new Promise<void>((resolve, reject) => {
    tlsServer.once("error", reject);
    tlsServer.listen(options.port, options.host, () => {
      tlsServer.off("error", reject);
      resolve();
    });
  });
  const address = tlsServer.address() as AddressInfo;

  return {
    port: address.port,
    host: options.host,
    revocation,
    guard,
    async close() {
      revocation.stop();
      const closed = new Promise<void>((resolve) => tlsServer.close(() => resolve()));
      http.closeIdleConnections();
      const grace = setTimeout(() => http.closeAllConnections(), CLOSE_GRACE_MS);
      await closed;
      clearTimeout(grace);
      guard.stop();
      await Promise.all([...writes]);
      await guard.settled();
    },
  };
}

function presentedChain(socket: TLSSocket): PresentedChain {
  const peer = socket.getPeerCertificate(true);
  if (!peer?.raw) return { intermediates: [] };
  const intermediates: Uint8Array[] = [];
  let current = peer.issuerCertificate;
  // The chain as sent, bounded (the path builder has its own limit of 12 intermediates).
  while (current?.raw && current !== current.issuerCertificate && intermediates.length < 12) {
    intermediates.push(new Uint8Array(current.raw));
    current = current.issuerCertificate;
  }
  return { leaf: new Uint8Array(peer.raw), intermediates };
}

function pemOf(der: Uint8Array): string {
  const b64 = Buffer.from(der)
    .toString("base64")
    .replace(/(.{64})/g, "$1\n");
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/**
 * Start-up composition: which modules the server carries. The only place where the platform
 * may wire the testbed in (DESIGN.md), and only when the configuration asks for it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { DemoRoles, VpmSigningCredential } from "@tilts/testbed";
import type { Kysely } from "kysely";
import type { Checkpoint } from "./audit/index.ts";
import { keyEncryptionOf, type PlatformConfig } from "./config/config.ts";
import { watchedPemCertificates } from "./config/pem-certificates.ts";
import { privateKeyContextOf, readPrivateKeyFile } from "./config/private-key-files.ts";
import {
  type AnyModuleManifest,
  composeJobs,
  composeMessages,
  composeServerModules,
  sharedHandle,
} from "./core/module/index.ts";
import { outboxSenderJob } from "./core/outbox/index.ts";
import type { Database } from "./db/schema.ts";
import type { EhealthOptions } from "./ehealth/index.ts";
import { PUBLIC } from "./http/route-access.ts";
import type { ServerModule } from "./http/server.ts";
import type { IdentityOptions } from "./identity/index.ts";
import { MODULE_MANIFESTS } from "./manifests.ts";

/** Test hooks by module name: e.g. a fixed clock for the identity module's dated policy. */
export interface CompositionOverrides {
  identity?: Partial<IdentityOptions>;
  ehealth?: EhealthOptions;
  /** Another module's settings (what its manifest's `routes.load` takes as hooks). */
  [module: string]: unknown;
}

/**
 * The server's parts: each module's routes from its manifest (the same path for every module),
 * with the testbed's stand-ins after the sign-in broker when the configuration asks for them.
 */
export async function composeModules(
  config: PlatformConfig,
  overrides: CompositionOverrides = {},
  manifests: readonly AnyModuleManifest[] = MODULE_MANIFESTS,
): Promise<ServerModule[]> {
  // The Latvija.lv stand-in's signing certificate must exist before identity pins it.
  const vpmCredential = config.testbed ? await testbedVpmCredential(config) : undefined;
  // The eIDAS node stand-ins' keys, the nodes file and our generated SAML keys likewise.
  const eidasStandIns = config.testbed ? await testbedEidasFiles(config) : false;
  // The verification page's report seal, so the signed report is offered in development too.
  if (config.testbed && manifests.some((m) => m.name === "signing")) await testbedReportSeal(config);
  const standIns: ServerModule[] = [];
  if (config.testbed) {
    const { EPARAKSTS_CALLBACK_PATH, VPM_CALLBACK_PATH } = await import("./identity/index.ts");
    const demoRoles = await testbedDemoRoles(manifests);
    standIns.push(testbedPki(config), testbedEparaksts(config, EPARAKSTS_CALLBACK_PATH, demoRoles));
    if (usesTestbedEidCa(config)) standIns.push(testbedEidCard(config, demoRoles));
    if (vpmCredential)
      standIns.push(testbedVpm(config, vpmCredential, VPM_CALLBACK_PATH, overrides.identity?.now, demoRoles));
    if (eidasStandIns) standIns.push(testbedEidas(config, overrides.identity?.now));
    standIns.push(testbedOotsCommonServices());
  }
  // With the testbed and no SMTP_URL, the SMTP stand-in on loopback receives the platform's mail
  // (shown at /testbed/mail) and the core's outbox sender job sends to it.
  const mailStandIn = config.testbed && !config.smtpUrl ? await testbedMail() : undefined;
  if (mailStandIn) standIns.push(mailStandIn.module);
  const composedConfig = mailStandIn ? { ...config, smtpUrl: mailStandIn.url } : config;
  const documentTrust = documentTrustOf(config);
  const hooks: CompositionOverrides = {
    ...overrides,
    identity: await withTestbedEidCard(config, overrides.identity),
    ehealth: { ...(documentTrust ? { documentTrust } : {}), ...overrides.ehealth },
  };
  const parts = await composeServerModules(manifests, composedConfig, hooks);
  // Each module's message catalogue, checked (both languages, the module's own keys) before any page is served.
  await composeMessages(manifests);
  // The background jobs: the core's outbox sender, then each manifest's; started when the server is ready.
  parts.push(composeJobs([outboxSenderJob], manifests, composedConfig, hooks));
  // The stand-ins follow the sign-in broker (the services page lists them in this order).
  const afterBroker = parts.findIndex((part) => part.name === "identity") + 1;
  const modules = [...parts.slice(0, afterBroker), ...standIns, ...parts.slice(afterBroker)];
  // Demo data from the testbed's persons when the database has no institutions.
  if (config.testbed && overrides.ehealth?.seedDemo !== false && manifests.some((m) => m.name === "ehealth"))
    modules.push(
      testbedEhealthDemo(config, documentTrust ?? testbedDocumentTrust(config), overrides.ehealth?.now),
    );
  return modules;
}

/**
 * Who the stand-ins' test persons are in the e-health demo (staff and their roles, patients), for
 * the stand-ins' lists of test persons; none when the e-health module is not composed.
 */
async function testbedDemoRoles(manifests: readonly AnyModuleManifest[]): Promise<DemoRoles | undefined> {
  if (!manifests.some((m) => m.name === "ehealth")) return undefined;
  const [{ defaultStandInPersons }, { demoRoleLabels }] = await Promise.all([
    import("@tilts/testbed"),
    import("./ehealth/index.ts"),
  ]);
  return demoRoleLabels(defaultStandInPersons());
}

/**
 * E-health demo data (ehealth/demo): the operator, three institutions, administrators, users with
 * rights, patients with consents and documents — the people who sign in are the eParaksts
 * stand-in's persons. Seeds only a database without institutions.
 */
function testbedEhealthDemo(
  config: PlatformConfig,
  documentTrust: NonNullable<EhealthOptions["documentTrust"]>,
  now: (() => Date) | undefined,
): ServerModule {
  return {
    name: "testbed-ehealth-demo",
    async register(app, { database }) {
      const testbed = await import("@tilts/testbed");
      const {
        awaitsDemoData,
        createCdaSchemaValidator,
        DEMO_EXTRA_PATIENTS,
        DEMO_INSTITUTIONS,
        seedEhealthDemo,
      } = await import("./ehealth/index.ts");
      const at = now?.() ?? new Date();
      const cdaSchema = await createCdaSchemaValidator();
      const seed = (hospitalSigner?: Parameters<typeof seedEhealthDemo>[1]["hospitalSigner"]) =>
        seedEhealthDemo(database.db, {
          standInPersons: testbed.defaultStandInPersons(),
          extraPatients: testbed.generateTestPersons(DEMO_EXTRA_PATIENTS),
          now: at,
          documentPorts: {
            schema: cdaSchema,
            // The anchors the portal uses: with EHEALTH_SIGNATURE_ANCHORS set, the demo's signature is judged by them.
            trust: { anchors: documentTrust.anchors, now: () => at },
          },
          hospitalSigner,
        });
      // One demo document is signed (XAdES-LT, SIG-5) with the hospital's credential from the test
      // PKI, time-stamped and with OCSP from the testbed in process, so the portal shows a valid
      // signature. Issued only when the database is still empty (seedEhealthDemo seeds only then).
      const pkiDir = join(config.dataDir, "testbed", "pki");
      const empty = await awaitsDemoData(database.db);
      let hospitalSigner: Parameters<typeof seedEhealthDemo>[1]["hospitalSigner"];
      if (empty) {
        // The same PKI the /testbed plugin serves (it would create it on its first request).
        const pki = testbed.TestPki.openOrCreate(pkiDir, {
          baseUrl: `${config.publicUrl}/testbed`,
          keyPassphrase: testPkiKeyPassphrase(config),
        });
        const credential = testbed.issueInstitution(pki, {
          name: DEMO_INSTITUTIONS.hospital.name,
          registrationNumber: DEMO_INSTITUTIONS.hospital.registrationNumber,
        });
        hospitalSigner = {
          credential: {
            key: credential.privateKey,
            certificate: credential.certificate,
            chain: credential.chain,
          },
          options: {
            level: "LT",
            tsa: async (request: Uint8Array) => testbed.respondToTimeStampRequest(pki, request),
            fetchers: {
              fetchOcsp: async (_url: string, request: Uint8Array) =>
                testbed.respondToOcspRequest(pki, request),
            },
          },
        };
      }
      const result = await seed(hospitalSigner);
      if (result.seeded)
        app.log.info({ ...result.counts, documents: result.documents }, "e-health demo data seeded");
    },
  };
}

/**
 * The SMTP stand-in (a loopback mail server keeping what it receives) and its page at
 * /testbed/mail — "the page that shows the outbox" of issue 6. Closed with the server.
 */
async function testbedMail(): Promise<{ url: string; module: ServerModule }> {
  const { startMailStandIn } = await import("@tilts/testbed/mail");
  const standIn = await startMailStandIn();
  return {
    url: standIn.url,
    module: {
      name: "testbed-mail",
      access: PUBLIC,
      async register(app, { services }) {
        const { mailStandInPages } = await import("@tilts/testbed/mail");
        app.addHook("onClose", () => standIn.close());
        await app.register(mailStandInPages, { prefix: "/testbed/mail", standIn });
        services.add({
          id: "testbed-mail",
          href: "/testbed/mail/",
          title: { lv: "E-pasts (testa vide)", en: "Mail (test environment)" },
          description: {
            lv: "Vēstules, ko platforma nosūtījusi (piemēram, paziņojumi iestādēm), saņemtas testa vides SMTP aizstājējā.",
            en: "Mail the platform sent (e.g. notices to institutions), as received by the testbed's SMTP stand-in.",
          },
        });
      },
    },
  };
}

/**
 * The test PKI (CAs, CRLs, OCSP, TSA, trusted lists) at /testbed, created in the data folder on
 * first start with the public URL written into its certificates' CRL and OCSP addresses.
 */
function testbedPki(config: PlatformConfig): ServerModule {
  return {
    name: "testbed-pki",
    access: PUBLIC,
    async register(app, { services }) {
      const { testbedPkiPlugin } = await import("@tilts/testbed");
      await app.register(testbedPkiPlugin, {
        prefix: "/testbed",
        stateDir: join(config.dataDir, "testbed", "pki"),
        createWithBaseUrl: `${config.publicUrl}/testbed`,
        keyPassphrase: testPkiKeyPassphrase(config),
      });
      services.add({
        id: "testbed",
        href: "/testbed/",
        title: { lv: "Testa vide", en: "Test environment" },
        description: {
          lv: "Aizstājēji ārējiem pakalpojumiem: testa PKI (CRL, OCSP, laika zīmogi), uzticamo pakalpojumu saraksts, eParaksts.",
          en: "Stand-ins for outside services: test PKI (CRL, OCSP, time-stamps), trusted list, eParaksts.",
        },
      });
    },
  };
}

/**
 * The OOTS Evidence Broker and Data Service Directory, stood in for at /testbed/oots/eb and
 * /testbed/oots/dsd (the defaults of OOTS_EB_URL / OOTS_DSD_URL with the testbed), sharing one
 * seeded registry that LCM submissions update for the life of the process.
 */
function testbedOotsCommonServices(): ServerModule {
  return {
    name: "testbed-oots-common-services",
    access: PUBLIC,
    async register(app, { services }) {
      const { CommonServicesRegistry, dataServiceDirectoryStandIn, evidenceBrokerStandIn } = await import(
        "@tilts/testbed"
      );
      const registry = CommonServicesRegistry.seeded();
      await app.register(evidenceBrokerStandIn, { prefix: "/testbed/oots/eb", registry });
      await app.register(dataServiceDirectoryStandIn, { prefix: "/testbed/oots/dsd", registry });
      services.add({
        id: "testbed-oots-common-services",
        href: "/testbed/oots/eb/",
        title: { lv: "OOTS kopīgie pakalpojumi (testa vide)", en: "OOTS Common Services (test environment)" },
        description: {
          lv: "Pierādījumu brokeris un datu pakalpojumu katalogs: kādi pierādījumi atbilst prasībai un kas tos izsniedz LV, EE, LT, DE un FR.",
          en: "Evidence Broker and Data Service Directory: which evidence satisfies a requirement and who issues it in LV, EE, LT, DE and FR.",
        },
      });
    },
  };
}

/** LVRTC's eParaksts identity service, stood in for at /testbed/eparaksts, knowing the platform as its client. */
function testbedEparaksts(
  config: PlatformConfig,
  callbackPath: string,
  demoRoles: DemoRoles | undefined,
): ServerModule {
  return {
    name: "testbed-eparaksts",
    access: PUBLIC,
    async register(app) {
      if (!config.eparakstsClientId || !config.eparakstsClientSecret) return;
      // Loaded only when the testbed is on: production never loads the stand-ins.
      const { eparakstsStandIn } = await import("@tilts/testbed");
      await app.register(eparakstsStandIn, {
        prefix: "/testbed/eparaksts",
        clients: [
          {
            clientId: config.eparakstsClientId,
            clientSecret: config.eparakstsClientSecret,
            redirectUris: [config.publicUrl + callbackPath],
          },
        ],
        // A blocked PIN stays blocked until `tilts testbed unblock` (AUTH-4), which writes this file.
        pinBlocksFile: join(config.dataDir, "testbed", "pin-blocks.json"),
        ...(demoRoles ? { demoRoles } : {}),
        // eParaksts Mobile signing with PIN2 (SIG-3): qualified signing certificates from the test PKI.
        signing: {
          pkiStateDir: join(config.dataDir, "testbed", "pki"),
          pkiBaseUrl: `${config.publicUrl}/testbed`,
          pkiKeyPassphrase: testPkiKeyPassphrase(config),
        },
      });
    },
  };
}

/**
 * The Latvija.lv stand-in's signing credential, in the data folder, when the platform pins the
 * stand-in's certificate (VPM_SIGNING_CERTIFICATES left at its testbed default). Another
 * configured certificate means a real or other VPM: no stand-in then.
 */
async function testbedVpmCredential(config: PlatformConfig) {
  const { ensureVpmSigningCredential, VPM_CERTIFICATE_FILE } = await import("@tilts/testbed");
  const stateDir = join(config.dataDir, "testbed", "vpm");
  if (config.vpmSigningCertificates !== resolve(stateDir, VPM_CERTIFICATE_FILE)) return undefined;
  return ensureVpmSigningCredential(stateDir, testPkiKeyPassphrase(config));
}

/** Latvija.lv's login module, stood in for at /testbed/vpm, knowing the platform's realm and reply URL. */
function testbedVpm(
  config: PlatformConfig,
  credential: VpmSigningCredential,
  callbackPath: string,
  now: (() => Date) | undefined,
  demoRoles: DemoRoles | undefined,
): ServerModule {
  return {
    name: "testbed-vpm",
    access: PUBLIC,
    async register(app, { services }) {
      if (!config.vpmRealm) return;
      const { vpmStandIn } = await import("@tilts/testbed");
      await app.register(vpmStandIn, {
        prefix: "/testbed/vpm",
        credential,
        ...(demoRoles ? { demoRoles } : {}),
        issuer: config.vpmIssuer,
        // Tests fix the platform's clock (dated policy): the stand-in's assertions follow it.
        ...(now ? { now: () => now().getTime() } : {}),
        relyingParties: [
          {
            realm: config.vpmRealm,
            replyUrls: [config.publicUrl + callbackPath],
            tokenType: config.vpmTokenType === "saml20" ? "2.0" : "1.1",
          },
        ],
      });
      services.add({
        id: "testbed-vpm",
        href: "/testbed/vpm/",
        title: { lv: "Latvija.lv (testa vide)", en: "Latvija.lv (test environment)" },
        description: {
          lv: "Vienotā pieteikšanās moduļa aizstājējs: eID karte, eParaksts Mobile, bankas, Smart-ID; testa personas.",
          en: "Stand-in for the unified login module: eID card, eParaksts Mobile, banks, Smart-ID; test persons.",
        },
      });
    },
  };
}

/** Where the test PKI keeps its eID CA certificate (the EID_CARD_TRUSTED_CAS default with the testbed). */
function usesTestbedEidCa(config: PlatformConfig): boolean {
  return (
    config.testbed &&
    config.eidCardTrustedCas === resolve(config.dataDir, "testbed", "pki", "ca", "eid.crt.pem")
  );
}

/**
 * The eID card page loads the testbed's software card (a Web eID stand-in script) when the platform
 * trusts the test PKI's eID CA: composition, so the identity module has no testbed branch.
 */
async function withTestbedEidCard(
  config: PlatformConfig,
  hooks: Partial<IdentityOptions> | undefined,
): Promise<Partial<IdentityOptions> | undefined> {
  if (!usesTestbedEidCa(config)) return hooks;
  const { identityOptionsFrom } = await import("./identity/index.ts");
  const eidCard = identityOptionsFrom(config, hooks).eidCard;
  if (!eidCard || eidCard.extensionScriptUrl) return hooks;
  return {
    ...hooks,
    eidCard: { ...eidCard, extensionScriptUrl: `${config.publicUrl}${TESTBED_EID_CARD_PREFIX}/extension.js` },
  };
}

const TESTBED_EID_CARD_PREFIX = "/testbed/eid-card";

/** Software eID cards for the test persons, at /testbed/eid-card (keys from the test PKI's eID CA). */
function testbedEidCard(config: PlatformConfig, demoRoles: DemoRoles | undefined): ServerModule {
  return {
    name: "testbed-eid-card",
    access: PUBLIC,
    async register(app, { services }) {
      const { eidCardStandIn } = await import("@tilts/testbed");
      await app.register(eidCardStandIn, {
        prefix: TESTBED_EID_CARD_PREFIX,
        pkiStateDir: join(config.dataDir, "testbed", "pki"),
        pkiBaseUrl: `${config.publicUrl}/testbed`,
        pkiKeyPassphrase: testPkiKeyPassphrase(config),
        pinBlocksFile: join(config.dataDir, "testbed", "pin-blocks.json"),
        ...(demoRoles ? { demoRoles } : {}),
      });
      services.add({
        id: "testbed-eid-card",
        href: `${TESTBED_EID_CARD_PREFIX}/`,
        title: { lv: "eID karte (testa vide)", en: "eID card (test environment)" },
        description: {
          lv: "Programmatūras eID kartes testa personām (Web eID protokols, PIN1).",
          en: "Software eID cards for the test persons (Web eID protocol, PIN1).",
        },
      });
    },
  };
}

const TESTBED_EIDAS_PREFIX = "/testbed/eidas";

/**
 * With EIDAS_NODES at its testbed default: creates the foreign-node stand-ins' keys, writes the
 * nodes file pointing at them and generates our SAML keys (eidas-keys.ts in the testbed).
 */
async function testbedEidasFiles(config: PlatformConfig): Promise<boolean> {
  const stateDir = join(config.dataDir, "testbed", "eidas");
  if (config.eidasNodes !== resolve(stateDir, "nodes.json")) return false;
  const { ensureEidasTestbed } = await import("@tilts/testbed");
  ensureEidasTestbed({
    stateDir,
    baseUrl: `${config.publicUrl}${TESTBED_EIDAS_PREFIX}`,
    keyPassphrase: testPkiKeyPassphrase(config),
  });
  return true;
}

/** Foreign eIDAS nodes (EE, LT) stood in for at /testbed/eidas, trusting our metadata URL. */
function testbedEidas(config: PlatformConfig, now: (() => Date) | undefined): ServerModule {
  return {
    name: "testbed-eidas",
    access: PUBLIC,
    async register(app, { services }) {
      const { eidasNodeStandIn } = await import("@tilts/testbed");
      const { EIDAS_METADATA_PATH } = await import("./identity/index.ts");
      await app.register(eidasNodeStandIn, {
        prefix: TESTBED_EIDAS_PREFIX,
        stateDir: join(config.dataDir, "testbed", "eidas"),
        baseUrl: `${config.publicUrl}${TESTBED_EIDAS_PREFIX}`,
        connectorMetadataUrls: [config.publicUrl + EIDAS_METADATA_PATH],
        keyPassphrase: testPkiKeyPassphrase(config),
        // Tests fix the platform's clock: the nodes' assertions follow it.
        ...(now ? { now } : {}),
      });
      services.add({
        id: "testbed-eidas",
        href: `${TESTBED_EIDAS_PREFIX}/`,
        title: { lv: "eIDAS mezgli (testa vide)", en: "eIDAS nodes (test environment)" },
        description: {
          lv: "Ārvalstu eIDAS mezglu aizstājēji (Igaunija, Lietuva) ar testa personām.",
          en: "Stand-ins for foreign eIDAS nodes (Estonia, Lithuania) with test persons.",
        },
      });
    },
  };
}

/**
 * Trust anchors for clinical documents' XML signatures (SIG-5): EHEALTH_SIGNATURE_ANCHORS when set
 * (checked when the configuration was loaded, re-read when the file changes); else, with the
 * testbed, its root CA; else none, and no signature is ever "valid".
 */
function documentTrustOf(config: PlatformConfig): EhealthOptions["documentTrust"] {
  if (config.ehealthSignatureAnchors)
    return {
      anchors: watchedPemCertificates(config.ehealthSignatureAnchors, "EHEALTH_SIGNATURE_ANCHORS", {
        requireCa: true,
      }),
    };
  return config.testbed ? testbedDocumentTrust(config) : undefined;
}

/**
 * Signed clinical documents (ehealth/documents) are validated against the test PKI's root CA:
 * with the testbed it is the trust anchor. The PKI is created at the first start, after
 * composition, so a missing file means no anchor yet; the file is read again only when it changes.
 */
function testbedDocumentTrust(config: PlatformConfig): NonNullable<EhealthOptions["documentTrust"]> {
  const rootPem = join(config.dataDir, "testbed", "pki", "ca", "root.crt.pem");
  return { anchors: watchedPemCertificates(rootPem, "testbed root CA", { missingIsEmpty: true }) };
}

/**
 * The mutual-TLS listener for institutions' own systems (ehealth/system-access), opened by
 * `tilts start` beside the web port when SYSTEM_ACCESS_PORT is set. With the testbed and its
 * default paths, the listener's key and certificate are issued from the test PKI on first start
 * (the organisation CA, which is also the default client CA), and CRLs come from the testbed's
 * distribution point on the web port.
 */
export async function openSystemAccess(
  config: PlatformConfig,
  db: Kysely<Database>,
  log: { warn: (obj: object, msg: string) => void },
): Promise<{ port: number; host: string; close(): Promise<void> } | undefined> {
  if (config.systemAccessPort === undefined) return undefined;
  const { systemAccess, createCdaSchemaValidator, copyingSettingsOf } = await import("./ehealth/index.ts");
  const certificatePath = config.systemAccessServerCertificate!;
  const keyPath = config.systemAccessServerKey!;
  const clientCasPath = config.systemAccessClientCas!;
  if (config.testbed && !existsSync(certificatePath) && !existsSync(keyPath))
    await issueTestbedSystemAccessCredential(config, certificatePath, keyPath);
  const clientCas = watchedPemCertificates(clientCasPath, "SYSTEM_ACCESS_CLIENT_CAS", {
    requireCa: true,
    missingIsEmpty: config.testbed,
  });
  const options = {
    db,
    host: config.systemAccessHost,
    port: config.systemAccessPort,
    // Decrypted here, handed to TLS in memory only: the file keeps it encrypted (CON-13).
    serverKey: readPrivateKeyFile(keyPath, "SYSTEM_ACCESS_SERVER_KEY", privateKeyContextOf(config))
      .key.export({ type: "pkcs8", format: "pem" })
      .toString(),
    serverCertificate: readFileSync(certificatePath, "utf8"),
    clientCas,
    keyPolicy: { minRsaBits: config.systemAccessMinRsaBits, minEcBits: config.systemAccessMinEcBits },
    // Onboarding: in production only an approved system version connects (system-access/applications).
    requireApprovedVersion: config.environment === "production",
    crlRefreshMs: config.systemAccessCrlRefreshSeconds * 1000,
    fetchCrl: systemAccess.httpCrlFetcher(),
    // CON-3, ANX2-17: the same anti-copying limits as the portal, with the system as a subject.
    copying: copyingSettingsOf(config),
    // DEV-5: production classifier data only under an operator contract recorded on the institution.
    requireClassifierContract: config.environment === "production",
    log,
  };
  // ANX2-12, SIG-5: the schema and signature checks of submitted documents are CPU work; in
  // worker threads they use every core and leave the listener's thread to TLS and the database.
  const { createUploadCheckWorkers } = await import("./ehealth/index.ts");
  const workers =
    config.systemAccessCheckWorkers > 0
      ? createUploadCheckWorkers({ size: config.systemAccessCheckWorkers })
      : undefined;
  try {
    const listener = await systemAccess.startSystemAccessListener({
      ...options,
      // The same CDA schema and signature anchors as the portal's uploads (ANX2-12, SIG-5).
      documents: {
        schema: await createCdaSchemaValidator(),
        trust: documentTrustOf(config) ?? { anchors: () => [] },
        ...(workers ? { workers } : {}),
      },
    });
    return {
      port: listener.port,
      host: listener.host,
      async close() {
        // Workers after the listener: a request still being answered may need its check.
        await listener.close();
        await workers?.close();
      },
    };
  } catch (error) {
    await workers?.close();
    throw error;
  }
}

async function issueTestbedSystemAccessCredential(
  config: PlatformConfig,
  certificatePath: string,
  keyPath: string,
): Promise<void> {
  const testbed = await import("@tilts/testbed");
  const pki = testbed.TestPki.openOrCreate(join(config.dataDir, "testbed", "pki"), {
    baseUrl: `${config.publicUrl}/testbed`,
    keyPassphrase: testPkiKeyPassphrase(config),
  });
  // The testbed has no TLS-server profile yet: its institution profile (clientAuth) stands in.
  const credential = testbed.issueInstitution(pki, {
    name: "Tilts e-health system access (testbed)",
    registrationNumber: "90000000000",
  });
  mkdirSync(dirname(certificatePath), { recursive: true });
  mkdirSync(dirname(keyPath), { recursive: true });
  writeFileSync(keyPath, testbed.privateKeyToPem(credential.privateKey, testPkiKeyPassphrase(config)), {
    mode: 0o600,
  });
  writeFileSync(
    certificatePath,
    [credential.certificate, ...credential.chain.slice(0, -1)].map(testbed.certificateToPem).join(""),
  );
}

/**
 * The signing module's report seal (SIGNING_REPORT_SEAL left at its testbed default): an
 * organisation certificate of the test PKI, its key encrypted under the key-encryption secret
 * like every platform key, written once into the data folder.
 */
async function testbedReportSeal(config: PlatformConfig): Promise<void> {
  const { testbedReportSealPath } = await import("./signing/index.ts");
  const file = testbedReportSealPath(config);
  if (config.signingReportSeal !== file || existsSync(file)) return;
  const testbed = await import("@tilts/testbed");
  const pki = testbed.TestPki.openOrCreate(join(config.dataDir, "testbed", "pki"), {
    baseUrl: `${config.publicUrl}/testbed`,
    keyPassphrase: testPkiKeyPassphrase(config),
  });
  const seal = testbed.issueInstitution(pki, {
    name: "Tilts parakstu pārbaudes pakalpojums (testa vide)",
    registrationNumber: "90000000001",
  });
  mkdirSync(dirname(file), { recursive: true });
  const key = testbed.privateKeyToPem(seal.privateKey, testPkiKeyPassphrase(config));
  // The key, then the seal's certificate and its CAs below the root (the root is the anchor).
  const certificates = [seal.certificate, ...seal.chain.slice(0, -1)].map(testbed.certificateToPem);
  writeFileSync(file, [key, ...certificates].join(""), { mode: 0o600 });
}

/** The test PKI keeps its CA, OCSP and TSA keys encrypted under the platform's key-encryption secret. */
function testPkiKeyPassphrase(config: PlatformConfig): string {
  return keyEncryptionOf(config).pkcs8Passphrase();
}

/**
 * With AUDIT_CHECKPOINT_MAIL_TO set, every sealed checkpoint is also queued in the e-health mail
 * outbox for the operator (CON-9: a copy outside the database and the checkpoint folder). The
 * audit core knows no module: the composition hands the sealer this step.
 */
export function checkpointMailer(
  config: PlatformConfig,
  db: Kysely<Database>,
): ((sealed: { checkpoint: Checkpoint; file: string }) => Promise<void>) | undefined {
  const to = config.auditCheckpointMailTo;
  if (!to) return undefined;
  return async ({ checkpoint, file }) => {
    const { queueCheckpointMail } = await import("./ehealth/index.ts");
    const json = readFileSync(file, "utf8");
    await queueCheckpointMail(sharedHandle(db), to, { ...checkpoint, json }, new Date());
  };
}

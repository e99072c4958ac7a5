/**
 * The public verification page (issue "Signing"): one POST /verify of a three-file eDoc signed at
 * XAdES-BASELINE-T with a qualified P-384 certificate — multipart read, `verifyDocument` with the
 * OCSP request answered by the test PKI in process, the result page rendered — and one sealed
 * validation report (PDF rendered with the embedded font, PAdES B-T seal with an in-process TSA).
 * Baseline, same run: `verifyDocument` alone on the same eDoc, so the page's own cost shows.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyDocument } from "@tilts/trust";
import { loadConfig } from "../packages/platform/src/config/config.ts";
import { TEST_KEY_ENCRYPTION_SECRET } from "../packages/platform/src/core/keys/testing/test-secret.ts";
import { testDatabaseKinds } from "../packages/platform/src/db/testing.ts";
import { buildServer } from "../packages/platform/src/http/server.ts";
import { signingModule } from "../packages/platform/src/signing/module.ts";
import {
  multipartUpload,
  openVerificationWorld,
} from "../packages/platform/src/signing/testing/verification-world.ts";
import { formatRate, measure } from "./measure.ts";

export default async function verifyPageBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "tilts-verify-page-bench-"));
  const world = openVerificationWorld();
  const database = await testDatabaseKinds()[0]!.open();
  try {
    const files = ["a.txt", "b.txt", "c.txt"].map((name) => ({
      name,
      content: new Uint8Array(50_000).fill(65),
      mediaType: "text/plain",
    }));
    const edoc = await world.signEdoc(files, world.person("320000-00006"), "T");
    const config = loadConfig({
      env: { LOG_LEVEL: "silent", DATA_DIR: dir, KEY_ENCRYPTION_SECRET: TEST_KEY_ENCRYPTION_SECRET },
    });
    const signing = signingModule(config, {
      anchors: world.anchors,
      fetchers: world.fetchers,
      reportSeal: world.reportSeal(),
    });
    const app = await buildServer({
      config,
      database,
      modules: [{ name: "signing", ...signing }],
      logger: false,
    });
    await app.ready();
    const { payload, headers } = multipartUpload("document", "a.edoc", edoc);
    let reportUrl = "";
    const page = async () => {
      const response = await app.inject({ method: "POST", url: "/verify", headers, payload });
      reportUrl = /href="(\/verify\/[^"]+\/report\.pdf[^"]*)"/.exec(response.body)![1]!;
    };
    const baseline = await measure(() =>
      verifyDocument(edoc, { anchors: world.anchors(), fetchers: world.fetchers, fileName: "a.edoc" }),
    );
    const verifyPage = await measure(page);
    const report = await measure(() => app.inject({ method: "GET", url: reportUrl }));
    console.log(formatRate("verifyDocument alone (baseline)", baseline));
    console.log(formatRate("POST /verify (3 × 50 kB, XAdES-T, P-384)", verifyPage));
    console.log(formatRate("GET report.pdf (render + PAdES B-T seal)", report));
    await app.close();
  } finally {
    await database.close();
    world.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

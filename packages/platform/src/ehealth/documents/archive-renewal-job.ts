/**
 * The preservation job in `tilts start` (SIG-2; archive-renewal.ts does the work): a pass every
 * EHEALTH_ARCHIVE_RENEWAL_HOURS against the TSA at EHEALTH_ARCHIVE_TSA_URL, at once while a pass
 * still finds documents due. Several nodes may run it on one database: a pass first takes a
 * transaction-level advisory lock and a node that does not get it skips its turn, so two nodes
 * never renew the same document twice over. Logs carry counts only, never document contents.
 */
import { type Kysely, sql } from "kysely";
import { httpTimeStampAuthority, type TimeStampAuthority } from "../../audit/index.ts";
import { type JobLoop, jobLoop } from "../../core/job-loop/index.ts";
import type { JobContext, RunningJob } from "../../core/module/index.ts";
import type { EhealthConfig } from "../config-keys.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import type { EhealthOptions } from "../module.ts";
import { DEFAULT_RENEW_BEFORE_MS, renewArchiveTimeStamps } from "./archive-renewal.ts";
import type { SignatureTrust } from "./signature-check.ts";

/** One advisory-lock key for the job on the whole database ("tilts archive"). */
export const ARCHIVE_LOCK_KEY = 0x74_69_6c_74_61_72_63_68n;

export interface ArchiveRenewalJobOptions {
  db: Kysely<Database>;
  tsaUrl: string;
  intervalHours: number;
  /** Anchors (as CA certificates for the chains) and revocation fetchers of the documents' signatures. */
  trust?: SignatureTrust;
  now: () => Date;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** The TSA client (default: RFC 3161 over HTTP to tsaUrl). */
  tsa?: TimeStampAuthority;
}

/** One pass under the lock; the number of documents renewed (0 when another node holds the lock). */
export async function archiveRenewalPass(options: ArchiveRenewalJobOptions): Promise<number> {
  const tsa = options.tsa ?? httpTimeStampAuthority(options.tsaUrl);
  const anchors = options.trust ? await options.trust.anchors() : [];
  return options.db.connection().execute(async (connection) => {
    const { rows } = await sql<{
      locked: boolean;
    }>`select pg_try_advisory_lock(${ARCHIVE_LOCK_KEY}) as locked`.execute(connection);
    if (!rows[0]?.locked) return 0;
    try {
      const now = options.now();
      const result = await renewArchiveTimeStamps(
        connection,
        {
          tsa,
          certificates: anchors,
          ...(options.trust?.fetchers ? { fetchers: options.trust.fetchers } : {}),
        },
        { now },
      );
      if (result.renewed.length > 0 || result.failed.length > 0)
        options.log.info(
          { renewed: result.renewed.length, failed: result.failed.length },
          "preservation job: archive time-stamps renewed",
        );
      // Only renewals that are no longer due count as progress: were the TSA's own certificate
      // to expire within the renewal window, the same documents would be due again at once, and
      // the loop must wait for the next interval rather than ask the TSA again and again.
      const threshold = now.getTime() + DEFAULT_RENEW_BEFORE_MS;
      const settled = result.renewed.filter((r) => r.expiresAt.getTime() > threshold).length;
      if (settled < result.renewed.length)
        options.log.warn(
          { renewed: result.renewed.length },
          "preservation job: the TSA's certificate expires within the renewal window; configure a TSA with a longer-lived certificate",
        );
      return settled;
    } finally {
      await sql`select pg_advisory_unlock(${ARCHIVE_LOCK_KEY})`.execute(connection);
    }
  });
}

/** The job loop; started by the caller and stopped when the server closes. */
export function archiveRenewalJob(options: ArchiveRenewalJobOptions): JobLoop {
  return jobLoop({
    pass: () => archiveRenewalPass(options),
    intervalMs: options.intervalHours * 3_600_000,
    onError: (error) =>
      options.log.warn(
        { error: error instanceof Error ? error.name : "unknown" },
        "preservation job: a pass failed; it runs again at the next interval",
      ),
  });
}

/**
 * The first pass comes a few minutes after the start (not at once: a restart, or a test server
 * living a minute, should not call the TSA), then one every interval. Documents are renewed two
 * years before their evidence weakens, so the wait costs nothing.
 */
const FIRST_PASS_DELAY_MS = 5 * 60_000;

/** The job as e-health's manifest declares it: off at 0 hours, or without a TSA (said in the log). */
export async function startArchiveRenewal(
  context: JobContext<EhealthConfig, EhealthOptions>,
): Promise<RunningJob | undefined> {
  const { ehealthArchiveTsaUrl: tsaUrl, ehealthArchiveRenewalHours: hours } = context.config;
  if (hours === 0) return undefined;
  if (!tsaUrl) {
    context.log.warn(
      "EHEALTH_ARCHIVE_TSA_URL is not set: archive time-stamps of signed documents are not renewed",
    );
    return undefined;
  }
  const trust = context.hooks?.documentTrust;
  const job = archiveRenewalJob({
    db: context.db,
    tsaUrl,
    intervalHours: hours,
    now: context.now,
    log: context.log,
    ...(trust ? { trust } : {}),
  });
  job.start(Math.min(FIRST_PASS_DELAY_MS, hours * 3_600_000));
  return job;
}

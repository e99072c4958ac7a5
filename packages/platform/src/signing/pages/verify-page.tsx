/**
 * The public verification pages (issue "Signing", verification without sign-in): the upload
 * form, the result — the document's files and, per signature, who signed, the outcome in plain
 * words with the reason and what to do, the level and the signing time with its evidence — and
 * the refusal and expiry pages. Server-rendered; the form works without JavaScript.
 */
import { type PageContext, renderPage } from "../../web/layout.tsx";
import { fileKindOf, inlineContentType } from "../verification/file-kind.ts";
import type { SignatureSummary } from "../verification/signature-summary.ts";
import type { ContainedFile, LevelSource } from "../verification/verify-upload.ts";
import { fileKindNames, levelNames, outcomeNames, showSize, verifyText } from "./messages.ts";
import { reasonSentence } from "./reason-sentences.ts";
import { showTime } from "./show-time.ts";

export const VERIFY_PATH = "/verify";

export function uploadForm(ctx: PageContext, maxBytes: number) {
  const t = verifyText[ctx.language];
  return (
    <form method="post" action={`${VERIFY_PATH}?lang=${ctx.language}`} enctype="multipart/form-data">
      <p>
        <label for="document">{t.fileLabel}</label>{" "}
        <input
          id="document"
          name="document"
          type="file"
          required
          accept=".edoc,.asice,.sce,.asics,.scs,.bdoc,.xml,.pdf"
          aria-describedby="document-hint"
        />
      </p>
      <p id="document-hint">
        {t.fileHint} {showSize(maxBytes, ctx.language)}
      </p>
      <p>
        <button type="submit">{t.submit}</button>
      </p>
    </form>
  );
}

export function verifyFormPage(ctx: PageContext, maxBytes: number): string {
  const t = verifyText[ctx.language];
  return renderPage(
    ctx,
    t.title,
    <>
      <h1>{t.title}</h1>
      <p class="lead">{t.intro}</p>
      {uploadForm(ctx, maxBytes)}
      <p>{t.privacy}</p>
    </>,
  );
}

export type Refusal = "too-large" | "no-file" | "unreadable";

export function refusalPage(ctx: PageContext, refusal: Refusal, maxBytes: number): string {
  const t = verifyText[ctx.language];
  const message =
    refusal === "too-large"
      ? `${t.tooLarge} ${showSize(maxBytes, ctx.language)}.`
      : refusal === "no-file"
        ? t.noFile
        : t.unreadable;
  return renderPage(
    ctx,
    t.refusedTitle,
    <>
      <h1>{t.refusedTitle}</h1>
      <p role="alert">{message}</p>
      {uploadForm(ctx, maxBytes)}
    </>,
  );
}

export function expiredPage(ctx: PageContext): string {
  const t = verifyText[ctx.language];
  return renderPage(
    ctx,
    t.expiredTitle,
    <>
      <h1>{t.expiredTitle}</h1>
      <p>{t.expiredBody}</p>
      <p>
        <a href={`${VERIFY_PATH}?lang=${ctx.language}`}>{t.again}</a>
      </p>
    </>,
  );
}

export interface ResultView {
  id: string;
  documentName: string;
  verifiedAt: Date;
  valid: boolean;
  files: readonly ContainedFile[];
  signatures: readonly SignatureSummary[];
  levelSource: LevelSource;
  /** The service can seal a report (SIGNING_REPORT_SEAL set). */
  reportOffered: boolean;
}

export function resultPage(ctx: PageContext, view: ResultView): string {
  const t = verifyText[ctx.language];
  const lang = ctx.language;
  return renderPage(
    ctx,
    t.resultTitle,
    <>
      <h1>{t.resultTitle}</h1>
      <dl>
        <dt>{t.documentName}</dt>
        <dd>{view.documentName}</dd>
        <dt>{t.checkedAt}</dt>
        <dd>{showTime(view.verifiedAt, lang)}</dd>
      </dl>
      <p role="status" class="notice">
        <strong>
          {view.signatures.length === 0 ? t.noSignatures : view.valid ? t.allValid : t.notAllValid}
        </strong>
      </p>
      <FileTable ctx={ctx} view={view} />
      <h2>{t.signaturesHeading}</h2>
      {view.signatures.map((s, index) => (
        <SignatureSection
          key={String(index)}
          ctx={ctx}
          summary={s}
          number={index + 1}
          levelSource={view.levelSource}
        />
      ))}
      {view.reportOffered && (
        <p>
          <a href={`${VERIFY_PATH}/${view.id}/report.pdf?lang=${lang}`}>{t.reportLink}</a>
        </p>
      )}
      <p>
        <a href={`${VERIFY_PATH}?lang=${lang}`}>{t.again}</a>
      </p>
    </>,
  );
}

function FileTable(props: { ctx: PageContext; view: ResultView }) {
  const lang = props.ctx.language;
  const t = verifyText[lang];
  const base = `${VERIFY_PATH}/${props.view.id}/files`;
  return (
    <>
      <h2>{t.filesHeading}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.fileName}</th>
            <th scope="col">{t.fileType}</th>
            <th scope="col">{t.fileSize}</th>
            <th scope="col">{t.fileActions}</th>
          </tr>
        </thead>
        <tbody>
          {props.view.files.map((f, index) => (
            <tr key={String(index)}>
              <th scope="row">{f.name}</th>
              <td>{fileKindNames[lang][fileKindOf(f.name, f.mediaType)]}</td>
              <td>{showSize(f.content.length, lang)}</td>
              <td>
                {inlineContentType(f.name, f.mediaType) && (
                  <>
                    <a href={`${base}/${index}`} target="_blank" rel="noopener">
                      {t.open}
                      <span class="visually-hidden"> {f.name}</span>
                    </a>{" "}
                  </>
                )}
                <a href={`${base}/${index}?download=1`} download>
                  {t.download}
                  <span class="visually-hidden"> {f.name}</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function SignatureSection(props: {
  ctx: PageContext;
  summary: SignatureSummary;
  number: number;
  levelSource: LevelSource;
}) {
  const lang = props.ctx.language;
  const t = verifyText[lang];
  const s = props.summary;
  const sentence = s.outcome === "valid" ? undefined : reasonSentence(s.reason, lang);
  return (
    <section aria-labelledby={`signature-${props.number}`}>
      <h3 id={`signature-${props.number}`}>
        {t.signature} {props.number}: {s.signerName ?? t.unknownSigner}
      </h3>
      <dl>
        <dt>{t.signer}</dt>
        <dd>{s.signerName ?? t.unknownSigner}</dd>
        {s.personalCode && (
          <>
            <dt>{t.personalCode}</dt>
            <dd>{s.personalCode}</dd>
          </>
        )}
        {s.otherIdentifier && (
          <>
            <dt>{t.otherIdentifier}</dt>
            <dd>{s.otherIdentifier}</dd>
          </>
        )}
        <dt>{t.result}</dt>
        <dd>
          <strong>{outcomeNames[lang][s.outcome]}</strong>
          {s.outcome === "valid" ? `. ${t.validBody}` : ""}
        </dd>
        {sentence && (
          <>
            <dt>{t.reason}</dt>
            <dd>{sentence.reason}</dd>
            <dt>{t.advice}</dt>
            <dd>{sentence.advice}</dd>
          </>
        )}
        <dt>{t.level}</dt>
        <dd>
          {levelNames[lang][s.level]}
          {props.levelSource === "certificate" && s.level !== "unknown" ? ` (${t.levelByCertificate})` : ""}
        </dd>
        <dt>{t.signingTime}</dt>
        <dd>
          {s.time
            ? `${showTime(s.time.at, lang)} — ${
                s.time.evidence === "time-stamp"
                  ? `${t.provenBy}${s.time.tsa ? ` (${t.tsaIssuer} ${s.time.tsa})` : ""}`
                  : t.claimedOnly
              }`
            : t.noTime}
        </dd>
        <dt>{t.covers}</dt>
        <dd>{s.coveredFiles.join(", ") || "—"}</dd>
      </dl>
      {s.partial && <p>{t.partial}</p>}
    </section>
  );
}

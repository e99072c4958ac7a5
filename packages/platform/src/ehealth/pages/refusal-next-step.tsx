/**
 * What a refused person can do next, by the rights policy's reason (core/rights-policy.ts): a
 * refusal page that only says "no" leaves the person stuck (issue: usability). Every reason has a
 * next step — the Record makes a new DenyReason fail the type check until it has one. The page
 * also says why in the reader's language (`ehealth.deny.*`), never the policy's English message.
 */
import type { DenyReason } from "../core/rights-policy.ts";
import type { EhealthMessageKey } from "../i18n.ts";
import type { EhealthPageContext } from "./shared-components.tsx";

const NEXT_STEP: Record<DenyReason, EhealthMessageKey> = {
  "no-right": "ehealth.refused.next.right",
  "right-suspended": "ehealth.refused.next.right",
  "right-annulled": "ehealth.refused.next.right",
  "level-too-low": "ehealth.refused.next.level",
  "attestation-missing": "ehealth.refused.next.attestation",
  "no-institution": "ehealth.refused.next.choose",
  "institution-suspended": "ehealth.refused.next.institution",
  "institution-annulled": "ehealth.refused.next.institution",
  "contract-inactive": "ehealth.refused.next.institution",
  "contract-channel": "ehealth.refused.next.institution",
  "purpose-required": "ehealth.refused.next.choose",
  "purpose-not-allowed": "ehealth.refused.next.choose",
  "target-not-allowed": "ehealth.refused.next.right",
  "own-rights": "ehealth.refused.next.ownRights",
  "suspended-by-operator": "ehealth.refused.next.operator",
  "not-own-data": "ehealth.refused.next.ownData",
};

/** Every reason the rights policy gives (the keys of the table above). */
export const DENY_REASONS = Object.keys(NEXT_STEP) as DenyReason[];

const isDenyReason = (reason: string | undefined): reason is DenyReason =>
  reason !== undefined && Object.hasOwn(NEXT_STEP, reason);

/** The reason in the reader's language; undefined for a reason the policy does not know. */
export function refusalReasonKey(reason: string | undefined): EhealthMessageKey | undefined {
  return isDenyReason(reason) ? (`ehealth.deny.${reason}` as EhealthMessageKey) : undefined;
}

/** The next step for a reason; asking whoever manages rights when the reason is not known. */
export function refusalNextStepKey(reason: string | undefined): EhealthMessageKey {
  return isDenyReason(reason) ? NEXT_STEP[reason] : "ehealth.refused.next.right";
}

export function RefusalNextStep(props: { ctx: EhealthPageContext; reason: string | undefined }) {
  const { ctx, reason } = props;
  return (
    <section class="next-step" aria-labelledby="next-step-title">
      <h2 id="next-step-title">{ctx.tr("ehealth.refused.next.title")}</h2>
      <p>{ctx.tr(refusalNextStepKey(reason))}</p>
    </section>
  );
}

/** The eID card stand-in: software cards and a Web eID "extension" script (see eid-card-standin.ts). */
export { signDigestP384 } from "./ecdsa-digest-signer.ts";
export {
  type EidCardStandInOptions,
  eidCardStandIn,
  SOFTWARE_CARD_ALGORITHM,
  SOFTWARE_CARD_SIGNATURE_ALGORITHMS,
  WEB_EID_HASH_LENGTHS,
} from "./eid-card-standin.ts";
export { SOFTWARE_CARD_APP_VERSION } from "./extension-script.ts";
export {
  type CardSignResult,
  type PinKind,
  type SigningKey,
  type SoftwareCard,
  SoftwareCards,
} from "./software-cards.ts";

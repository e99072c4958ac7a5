/** The identity module's tables (its own; no other module reads them). */
import type { ColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date, Date>;

/** A registered relying party (`tilts identity client add`). */
export interface IdentityClientTable {
  client_id: string;
  name: string;
  /** `sha256:<hex>` of the secret: secrets are 256 random bits, so a fast hash suffices. */
  secret_hash: string;
  /** JSON array of exact redirect URIs. */
  redirect_uris: string;
  /** JSON array of post-logout redirect URIs (RP-initiated logout). */
  post_logout_redirect_uris: string;
  professional: boolean;
  min_level: string;
  created_at: Timestamp;
}

/** oidc-provider's artefacts (sessions, interactions, codes, tokens, grants…), with expiry. */
export interface IdentityOidcRecordTable {
  model: string;
  id: string;
  /** JSON of oidc-provider's payload. */
  payload: string;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  expires_at: Date | null;
  consumed_at: Date | null;
}

/** ID-token signing keys; the newest unretired one signs, retired ones stay published a while. */
export interface IdentitySigningKeyTable {
  kid: string;
  /**
   * The private key as encrypted PKCS#8 PEM (core/keys); rows written before encryption hold a
   * clear JWK (JSON) until the next start rewrites them.
   */
  private_key: string;
  created_at: Timestamp;
  /** When a newer key took over; published until this + the retention period. */
  retired_at: Date | null;
}

/** Server-side secrets generated on first start (cookie signing keys). */
export interface IdentitySecretTable {
  name: string;
  value: string;
  created_at: Timestamp;
}

/** People who have signed in: the claims relying parties receive, and their code history. */
export interface IdentityAccountTable {
  sub: string;
  given_name: string;
  family_name: string;
  birth_date: string | null;
  /** JSON array of earlier codes as `PNOLV-…`. */
  previous_codes: string;
  updated_at: Timestamp;
}

/** A sign-in handed to an outside method (LVRTC…): its state, nonce and PKCE verifier. Single use. */
export interface IdentityMethodAttemptTable {
  state: string;
  interaction_uid: string;
  method: string;
  nonce: string;
  code_verifier: string;
  created_at: Timestamp;
  expires_at: Date;
  consumed_at: Date | null;
  /** JSON outcome of the callback (evidence or a refusal code), read once by the finishing step. */
  outcome: string | null;
  outcome_taken_at: Date | null;
}

export interface IdentityTables {
  identity_client: IdentityClientTable;
  identity_oidc_record: IdentityOidcRecordTable;
  identity_signing_key: IdentitySigningKeyTable;
  identity_secret: IdentitySecretTable;
  identity_account: IdentityAccountTable;
  identity_method_attempt: IdentityMethodAttemptTable;
}

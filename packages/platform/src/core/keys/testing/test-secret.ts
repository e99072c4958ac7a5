/**
 * The key-encryption secret test platforms share: platforms started on one database (a restart,
 * a second server) must open the keys the first one stored, as production processes sharing a
 * database share KEY_ENCRYPTION_SECRET.
 */
export const TEST_KEY_ENCRYPTION_SECRET = "tilts-test-platform-key-encryption-secret-0123456789";

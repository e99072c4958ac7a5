/**
 * `tilts keys encrypt FILE…`: encrypts the clear private key in an operator's PEM file (AS4_KEY,
 * EIDAS_SP_SIGNING_KEY, EIDAS_SP_ENCRYPTION_KEY, SYSTEM_ACCESS_SERVER_KEY) under the platform's
 * key-encryption secret, in place, leaving its certificates as they are — what production asks of
 * such files (CON-13). The configuration is read as `tilts start` reads it, so the secret is the one
 * the server will open the key with.
 */
import { resolve } from "node:path";
import { keyEncryptionOf, loadConfig } from "../../config/config.ts";
import { encryptKeyFileInPlace } from "../../core/keys/index.ts";
import { type Command, UsageError } from "../command.ts";
import { parseCommandArgs } from "../parse-command-args.ts";

const help = `Usage: tilts keys encrypt FILE... [--data-dir DIR]

Encrypts the private key (PKCS#8, "BEGIN PRIVATE KEY") in each PEM file under the platform's
key-encryption secret (KEY_ENCRYPTION_SECRET, else the file KEY_ENCRYPTION_KEY_FILE; in development
<data-dir>/keys/key-encryption.key), in place: the key becomes an "ENCRYPTED PRIVATE KEY" block
(PBES2, AES-256-CBC, RFC 8018) and the certificates in the file stay as they were. The server
opens such keys with the same secret; in production it refuses keys in clear. A file already
encrypted is left alone if the secret opens it. openssl reads the result with
\`openssl pkey -in FILE -passin file:SECRET_FILE\`.

Options:
  --data-dir DIR   the platform's data directory (default $DATA_DIR or ./data)

Exit codes: 0 every file encrypted or already encrypted; 2 usage, a file without a usable key,
or a secret that does not open an encrypted one.`;

export const keysEncryptCommand: Command = {
  path: ["keys", "encrypt"],
  summary: "encrypt the private key of a PEM key file in place under the key-encryption secret",
  help,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      options: { "data-dir": { type: "string" } },
      allowPositionals: true,
    });
    if (positionals.length === 0) throw new UsageError("name at least one key file");
    const config = loadConfig({ env: io.env, overrides: { dataDir: values["data-dir"] } });
    const encryption = keyEncryptionOf(config);
    for (const file of positionals) {
      const path = resolve(file);
      let changed: boolean;
      try {
        changed = encryptKeyFileInPlace(path, encryption);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      io.stdout(changed ? `Encrypted the key in ${path}.\n` : `${path} is encrypted already.\n`);
    }
    return 0;
  },
};

/** SoftHSM2 tokens for tests of keys held in PKCS#11 (Debian's softhsm2 package). */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so";
export const hasSoftHsm = (() => {
  try {
    execFileSync("softhsm2-util", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/**
 * A fresh SoftHSM2 token in a temporary folder; returns its settings. Also points SOFTHSM2_CONF of
 * this process at it (SoftHSM reads it at C_Initialize).
 */
export function initSoftHsmToken(dir: string, label: string, pin: string) {
  const tokens = join(dir, "tokens");
  mkdirSync(tokens, { recursive: true });
  const conf = join(dir, "softhsm2.conf");
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = conf;
  execFileSync(
    "softhsm2-util",
    ["--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", "87654321"],
    {
      stdio: "ignore",
      env: { ...process.env, SOFTHSM2_CONF: conf },
    },
  );
  return { module: SOFTHSM_MODULE, tokenLabel: label, pin };
}

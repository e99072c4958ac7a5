/** The OOTS module's configuration keys: where the EU common services are (OOTS-6, OOTS-7). */
import type { CoreConfig } from "../config/config.ts";
import { type ConfigFragment, url } from "../core/module/index.ts";

export interface OotsConfig {
  /** The OOTS Evidence Broker's base URL (OOTS-6); absent: no EB queries. */
  ootsEbUrl?: string;
  /** The OOTS Data Service Directory's base URL (OOTS-7); absent: no DSD queries. */
  ootsDsdUrl?: string;
}

export const ootsConfigKeys: ConfigFragment<OotsConfig, CoreConfig> = {
  ootsEbUrl: {
    env: "OOTS_EB_URL",
    description:
      "base URL of the OOTS Evidence Broker (OOTS-6), queried at «base»/rest/search (acceptance https://query.cs.acc.oots.tech.ec.europa.eu/eb, production https://query.cs.oots.tech.ec.europa.eu/eb); with the testbed, its stand-in",
    parse: url("http:", "https:"),
    default: (c) => (c.testbed ? `${c.publicUrl}/testbed/oots/eb` : undefined),
  },
  ootsDsdUrl: {
    env: "OOTS_DSD_URL",
    description:
      "base URL of the OOTS Data Service Directory (OOTS-7), queried at «base»/rest/search (acceptance https://query.cs.acc.oots.tech.ec.europa.eu/dsd, production https://query.cs.oots.tech.ec.europa.eu/dsd); with the testbed, its stand-in",
    parse: url("http:", "https:"),
    default: (c) => (c.testbed ? `${c.publicUrl}/testbed/oots/dsd` : undefined),
  },
};

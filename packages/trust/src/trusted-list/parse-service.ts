/**
 * tsl:TrustServiceProvider → TSPServices → TSPService (TS 119 612 §5.4, §5.5, §5.6):
 * ServiceInformation (the current state) and ServiceHistory/ServiceHistoryInstance (earlier
 * states, each with its own type, name, identity, status, starting time and extensions).
 */
import { TrustedListFormatError } from "./errors.ts";
import { parseServiceExtensions } from "./parse-extensions.ts";
import {
  children,
  multilingual,
  optionalChild,
  parseDateTime,
  parseDigitalIdentity,
  preferredText,
  requiredChild,
  requiredText,
} from "./tl-xml.ts";
import type { ServiceState, TrustService, TrustServiceProvider } from "./types.ts";

export const MAX_HISTORY_INSTANCES = 1000;

/** The fields ServiceInformation and ServiceHistoryInstance share (TS 119 612 §5.5, §5.6). */
function parseServiceState(element: Element): ServiceState {
  return {
    type: requiredText(element, "ServiceTypeIdentifier"),
    names: multilingual(requiredChild(element, "ServiceName")),
    digitalIds: parseDigitalIdentity(requiredChild(element, "ServiceDigitalIdentity")),
    status: requiredText(element, "ServiceStatus"),
    statusStartingTime: parseDateTime(requiredText(element, "StatusStartingTime"), "StatusStartingTime"),
    extensions: parseServiceExtensions(optionalChild(element, "ServiceInformationExtensions")),
  };
}

function parseService(element: Element, providerName: string, territory: string): TrustService {
  const current = parseServiceState(requiredChild(element, "ServiceInformation"));
  const historyElement = optionalChild(element, "ServiceHistory");
  const instances = historyElement ? children(historyElement, "ServiceHistoryInstance") : [];
  if (instances.length > MAX_HISTORY_INSTANCES)
    throw new TrustedListFormatError("tl-too-large", "too many ServiceHistoryInstance entries");
  // §5.6: history instances are listed most recent first; sort to not depend on it.
  const history = instances
    .map(parseServiceState)
    .sort((a, b) => b.statusStartingTime.getTime() - a.statusStartingTime.getTime());
  return { current, history, providerName, territory };
}

export function parseProvider(
  element: Element,
  territory: string,
  budget: { services: number },
): TrustServiceProvider {
  const info = requiredChild(element, "TSPInformation");
  const names = multilingual(requiredChild(info, "TSPName"));
  const tradeNames = multilingual(optionalChild(info, "TSPTradeName"));
  const servicesElement = requiredChild(element, "TSPServices");
  const serviceElements = children(servicesElement, "TSPService");
  budget.services -= serviceElements.length;
  if (budget.services < 0) throw new TrustedListFormatError("tl-too-large", "too many services in the list");
  const providerName = preferredText(names);
  return {
    names,
    tradeNames,
    services: serviceElements.map((s) => parseService(s, providerName, territory)),
  };
}

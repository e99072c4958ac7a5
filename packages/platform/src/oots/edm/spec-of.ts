/** The EDM line a received message announces in its SpecificationIdentifier slot. */
import { EdmParseError } from "./errors.ts";
import { type EdmSpecification, edmSpecification, versionOfIdentifier } from "./version.ts";
import { lineOf, slotString } from "./xml.ts";

export function specOfRoot(root: Element, missingRule: string, unknownRule: string): EdmSpecification {
  const identifier = slotString(root, "SpecificationIdentifier", missingRule) ?? "";
  const version = versionOfIdentifier(identifier);
  if (!version)
    throw new EdmParseError(unknownRule, `unknown SpecificationIdentifier "${identifier}"`, lineOf(root));
  return edmSpecification(version);
}

/** rs:Exception as the Common Services (EB, DSD) and LCM write it (DIGEST §5.1, §5.2). */
import { NS } from "./namespaces.ts";
import { add, kids } from "./xml.ts";

export interface RegistryException {
  /** e.g. rs:ObjectNotFoundExceptionType. */
  type: string;
  code: string;
  severity: string;
  message: string;
  detail?: string;
}

export function writeException(parent: Element, x: RegistryException): Element {
  const ex = add(parent, "rs", "Exception");
  ex.setAttributeNS(NS.xsi, "xsi:type", x.type);
  ex.setAttribute("severity", x.severity);
  ex.setAttribute("message", x.message);
  if (x.detail) ex.setAttribute("detail", x.detail);
  ex.setAttribute("code", x.code);
  return ex;
}

export function readExceptions(root: Element): (RegistryException & { element: Element })[] {
  return kids(root, NS.rs, "Exception").map((ex) => {
    const out: RegistryException & { element: Element } = {
      type: ex.getAttributeNS(NS.xsi, "type") ?? "",
      code: ex.getAttribute("code") ?? "",
      severity: ex.getAttribute("severity") ?? "",
      message: ex.getAttribute("message") ?? "",
      element: ex,
    };
    const detail = ex.getAttribute("detail");
    if (detail) out.detail = detail;
    return out;
  });
}

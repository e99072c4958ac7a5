/**
 * Canonicalization algorithm identifiers (XMLDSig 1.1 §6.5) and what each one means.
 */
export const C14N_10 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
export const C14N_10_WITH_COMMENTS = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments";
export const C14N_11 = "http://www.w3.org/2006/12/xml-c14n11";
export const C14N_11_WITH_COMMENTS = "http://www.w3.org/2006/12/xml-c14n11#WithComments";
export const EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
export const EXC_C14N_WITH_COMMENTS = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
/** Namespace of the InclusiveNamespaces element (Exclusive XML Canonicalization §4). */
export const EXC_C14N_NAMESPACE = "http://www.w3.org/2001/10/xml-exc-c14n#";

export type C14nMode = "c14n10" | "c14n11" | "exclusive";

export interface C14nAlgorithm {
  readonly uri: string;
  readonly mode: C14nMode;
  readonly withComments: boolean;
}

const ALGORITHMS: readonly C14nAlgorithm[] = [
  { uri: C14N_10, mode: "c14n10", withComments: false },
  { uri: C14N_10_WITH_COMMENTS, mode: "c14n10", withComments: true },
  { uri: C14N_11, mode: "c14n11", withComments: false },
  { uri: C14N_11_WITH_COMMENTS, mode: "c14n11", withComments: true },
  { uri: EXC_C14N, mode: "exclusive", withComments: false },
  { uri: EXC_C14N_WITH_COMMENTS, mode: "exclusive", withComments: true },
];

export function c14nAlgorithmOf(uri: string): C14nAlgorithm | undefined {
  return ALGORITHMS.find((a) => a.uri === uri);
}

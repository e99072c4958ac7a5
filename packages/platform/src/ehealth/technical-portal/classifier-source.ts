/**
 * Where the technical portal reads the classifiers (ANX2-17, DEV-5): the one call to switch when
 * the classifiers move to their store. The system web services answer from the same source.
 */
import { CLASSIFIERS, type Classifier } from "../system-access/web-services/classifiers.ts";

export type { Classifier };

export async function readClassifiers(): Promise<readonly Classifier[]> {
  return CLASSIFIERS;
}

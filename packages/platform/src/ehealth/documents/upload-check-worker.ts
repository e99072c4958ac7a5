/** A worker of upload-check-workers.ts: the upload checks of check-upload.ts, in this thread. */
import { workerData } from "node:worker_threads";
import { serveTasks } from "../../core/worker-pool/index.ts";
import { createCdaSchemaValidator } from "../core/cda-schema.ts";
import { checkUpload } from "./check-upload.ts";
import {
  encodeDocumentError,
  type UploadCheckAnswer,
  type UploadCheckTask,
  type UploadCheckWorkerOptions,
} from "./upload-check-workers.ts";

const { schemaDir } = ((workerData as { options?: UploadCheckWorkerOptions }).options ??
  {}) as UploadCheckWorkerOptions;
const schema = createCdaSchemaValidator(schemaDir ? { schemaDir } : {});

serveTasks<UploadCheckTask, UploadCheckAnswer>(async (task) => {
  const { header, signature } = await checkUpload(task.bytes, task.patientCode, {
    schema: await schema,
    trust: { anchors: () => task.anchors, now: () => new Date(task.at) },
    requireValidSignature: task.requireValidSignature,
  });
  return { header, signature };
}, encodeDocumentError);

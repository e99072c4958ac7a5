/** A test server for the multipart reader: one scope that reads uploads, one route outside it. */
import Fastify, { type FastifyInstance } from "fastify";
import { acceptMultipart, MultipartError, readMultipart } from "./multipart.ts";

export const BODY_LIMIT = 10_000;

/** A scope that reads uploads and answers with what it read, or with the typed refusal. */
export async function uploadServer(): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(async (scope) => {
    await acceptMultipart(scope);
    scope.post("/upload", { bodyLimit: BODY_LIMIT }, async (request, reply) => {
      try {
        const read = await readMultipart(request);
        const files = Object.fromEntries(
          Object.entries(read.files).map(([name, f]) => [
            name,
            {
              filename: f.filename,
              contentType: f.contentType,
              data: Buffer.from(f.data).toString("base64"),
            },
          ]),
        );
        return { fields: read.fields, files };
      } catch (error) {
        if (!(error instanceof MultipartError)) throw error;
        return reply.code(400).send({ refused: error.code, message: error.message });
      }
    });
  });
  // Outside the scope, multipart bodies are not read at all.
  app.post("/elsewhere", async () => ({ ok: true }));
  return app;
}

/**
 * The provider's discovery document tells relying parties the truth about what the broker does
 * (issue #5 item 1: authorization code flow only, no refresh tokens).
 */
import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { JWK } from "jose";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/schema.ts";
import { createProvider } from "./provider.ts";

describe("OIDC provider configuration", () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwk = { ...(privateKey.export({ format: "jwk" }) as JWK), kid: "test", alg: "RS256", use: "sig" };
    // Discovery reads no storage: no database is opened.
    const provider = await createProvider({
      issuer: "http://127.0.0.1",
      db: {} as Kysely<Database>,
      signingKeys: [jwk],
      cookieKeys: ["test-cookie-key-0123456789abcdef"],
    });
    server = createServer(provider.callback());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it("discovery lists only the authorization_code grant: no refresh tokens are issued", async () => {
    const doc = (await (await fetch(`${base}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(doc.grant_types_supported).toEqual(["authorization_code"]);
  });
});

import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { beforeAll, describe, expect, it } from "vitest";
import { issue, makeCa, type TestIdentity } from "../ocsp/testing/fixtures.ts";
import { parseCertificate } from "../x509/cert/certificate.ts";
import { RevocationCache, type RevokedEvent } from "./revocation-cache.ts";
import { ManualScheduler } from "./scheduler.ts";

const HOUR = 60 * 60 * 1000;
const URL_A = "http://127.0.0.1:9/crl/a.crl";

let ca: TestIdentity;
let otherCa: TestIdentity;
let leaf: TestIdentity;
let other: TestIdentity;

beforeAll(async () => {
  ca = await makeCa("CN=Cache CA,C=LV");
  otherCa = await makeCa("CN=Cache CA,C=LV"); // same name, different key: a forged CRL signer
  leaf = await issue(ca, "CN=Leaf,C=LV");
  other = await issue(ca, "CN=Other,C=LV");
});

/** A CRL from `signer` listing `revoked` serials, issued at `thisUpdate`. */
async function crl(options: {
  signer?: TestIdentity;
  revoked?: TestIdentity[];
  thisUpdate: Date;
  nextUpdateMs?: number;
  number: number;
}) {
  const signer = options.signer ?? ca;
  const number = new Uint8Array([
    0x02,
    0x04,
    ...new Uint8Array(new Uint32Array([options.number]).buffer).reverse(),
  ]);
  const generated = await x509.X509CrlGenerator.create({
    issuer: signer.name,
    thisUpdate: options.thisUpdate,
    nextUpdate: new Date(options.thisUpdate.getTime() + (options.nextUpdateMs ?? 48 * HOUR)),
    signingKey: signer.keys.privateKey,
    signingAlgorithm: { name: "ECDSA", hash: "SHA-256" } as EcdsaParams,
    extensions: [new x509.Extension("2.5.29.20", false, number)],
    entries: (options.revoked ?? []).map((r) => ({
      serialNumber: parseCertificate(r.der).serial,
      revocationDate: new Date(options.thisUpdate.getTime() - 1000),
      reason: x509.X509CrlReason.keyCompromise,
    })),
  });
  return new Uint8Array(generated.rawData);
}

/** A fetcher serving whatever `current.body` holds (or failing). */
function server() {
  const state: { body?: Uint8Array; fail?: boolean; fetches: number } = { fetches: 0 };
  const fetchCrl = async () => {
    state.fetches++;
    if (state.fail) throw new Error("connection refused");
    return state.body;
  };
  return { state, fetchCrl };
}

describe("RevocationCache", () => {
  it("refreshes at least every 24 h (ANX2-9) and notifies a watcher when its certificate becomes revoked", async () => {
    const clock = new ManualScheduler();
    const { state, fetchCrl } = server();
    state.body = await crl({ thisUpdate: clock.now(), number: 1 });
    const cache = new RevocationCache({ fetchCrl, scheduler: clock });
    const status = await cache.addDistributionPoint(URL_A, { issuers: [ca.der] });
    expect(status).toMatchObject({ state: "fresh", verified: true, entries: 0, crlNumber: 1n });
    // 48 h nextUpdate, but the refresh comes within 24 h.
    expect(status.nextRefresh!.getTime() - clock.now().getTime()).toBe(24 * HOUR);

    const events: RevokedEvent[] = [];
    cache.watchCertificate(leaf.der, (e) => events.push(e));
    expect(
      cache.check({
        serial: parseCertificate(leaf.der).serial,
        issuer: parseCertificate(leaf.der).issuerString,
      }).status,
    ).toBe("good");

    await clock.advance(2 * HOUR);
    state.body = await crl({ thisUpdate: clock.now(), revoked: [leaf], number: 2 });
    await clock.advance(21 * HOUR);
    expect(events).toHaveLength(0);
    await clock.advance(1 * HOUR + 1);
    expect(state.fetches).toBe(2);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ reason: "keyCompromise", url: URL_A });
    const leafInfo = parseCertificate(leaf.der);
    expect(cache.check({ serial: leafInfo.serial, issuer: leafInfo.issuerString })).toMatchObject({
      status: "revoked",
      source: "crl",
    });
    // Notified once only; the other certificate stays good.
    await cache.refreshNow();
    expect(events).toHaveLength(1);
    const otherInfo = parseCertificate(other.der);
    expect(cache.check({ serial: otherInfo.serial, issuer: otherInfo.issuerString }).status).toBe("good");
    cache.stop();
  });

  it("refreshes before nextUpdate when that comes first, with a configurable interval down to minutes", async () => {
    const clock = new ManualScheduler();
    const { state, fetchCrl } = server();
    state.body = await crl({ thisUpdate: clock.now(), nextUpdateMs: 2 * HOUR, number: 1 });
    const cache = new RevocationCache({ fetchCrl, scheduler: clock, refreshAheadMs: 10 * 60_000 });
    expect((await cache.addDistributionPoint(URL_A)).nextRefresh!.getTime() - clock.now().getTime()).toBe(
      110 * 60_000,
    );
    const fast = new RevocationCache({ fetchCrl, scheduler: clock, maxIntervalMs: 5 * 60_000 });
    expect((await fast.addDistributionPoint(URL_A)).nextRefresh!.getTime() - clock.now().getTime()).toBe(
      5 * 60_000,
    );
    await clock.advance(15 * 60_000);
    expect(state.fetches).toBeGreaterThanOrEqual(5);
    cache.stop();
    fast.stop();
  });

  it("keeps the last good CRL while refreshes fail, reports the failure, and recovers", async () => {
    const clock = new ManualScheduler();
    const { state, fetchCrl } = server();
    state.body = await crl({ thisUpdate: clock.now(), nextUpdateMs: 2 * HOUR, number: 1 });
    const cache = new RevocationCache({ fetchCrl, scheduler: clock, retryIntervalMs: 10 * 60_000 });
    const failures: string[] = [];
    cache.onRefreshFailed((e) => failures.push(`${e.error}/${e.consecutiveFailures}/${e.keptLastGood}`));
    await cache.addDistributionPoint(URL_A);
    state.fail = true;
    await clock.advance(2 * HOUR - 5 * 60_000 + 1);
    expect(failures).toEqual(["connection refused/1/true"]);
    expect(cache.status()[0]).toMatchObject({
      state: "fresh",
      failing: true,
      consecutiveFailures: 1,
      entries: 0,
    });
    expect(cache.crls()).toHaveLength(1);
    await clock.advance(20 * 60_000);
    expect(cache.status()[0]).toMatchObject({ state: "stale", failing: true });
    const info = parseCertificate(leaf.der);
    expect(cache.check({ serial: info.serial, issuer: info.issuerString })).toMatchObject({
      status: "unknown",
      code: "revocation-stale",
    });
    state.fail = false;
    state.body = await crl({ thisUpdate: clock.now(), number: 2 });
    await clock.advance(10 * 60_000);
    expect(cache.status()[0]).toMatchObject({ state: "fresh", failing: false, crlNumber: 2n });
    cache.stop();
  });

  it("refuses forged, rolled-back and garbage CRLs, keeping the good one", async () => {
    const clock = new ManualScheduler();
    const { state, fetchCrl } = server();
    state.body = await crl({ thisUpdate: clock.now(), number: 5 });
    const cache = new RevocationCache({ fetchCrl, scheduler: clock });
    const failures: string[] = [];
    cache.onRefreshFailed((e) => failures.push(e.error));
    await cache.addDistributionPoint(URL_A, { issuers: [ca.der] });
    await clock.advance(HOUR);
    state.body = await crl({ signer: otherCa, thisUpdate: clock.now(), revoked: [leaf], number: 6 });
    await cache.refreshNow(URL_A);
    state.body = await crl({ thisUpdate: clock.now(), number: 4 });
    await cache.refreshNow(URL_A);
    state.body = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]);
    await cache.refreshNow(URL_A);
    expect(failures).toHaveLength(3);
    expect(failures[0]).toMatch(/signature/);
    expect(failures[1]).toMatch(/went back/);
    expect(cache.status()[0]).toMatchObject({ crlNumber: 5n, entries: 0 });
    const info = parseCertificate(leaf.der);
    expect(cache.check({ serial: info.serial, issuer: info.issuerString }).status).toBe("good");
    cache.stop();
  });

  it("reports an unavailable distribution point and unknown issuers", async () => {
    const clock = new ManualScheduler();
    const cache = new RevocationCache({ fetchCrl: async () => undefined, scheduler: clock });
    expect(await cache.addDistributionPoint(URL_A)).toMatchObject({ state: "unavailable", failing: true });
    expect(cache.check({ serial: "01", issuer: "CN=Nobody" })).toMatchObject({
      status: "unknown",
      code: "revocation-unavailable",
    });
    cache.stop();
    expect(clock.pending()).toEqual([]);
  });
});

import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { beforeAll, describe, expect, it } from "vitest";
import { issue, makeCa, type TestIdentity } from "../ocsp/testing/fixtures.ts";
import { parseCertificate } from "../x509/cert/certificate.ts";
import { RevocationCache, type RevocationEvent } from "./revocation-cache.ts";
import { ManualScheduler } from "./scheduler.ts";

const HOUR = 60 * 60 * 1000;
const URL_A = "http://127.0.0.1:9/crl/a.crl";
const URL_DELTA = "http://127.0.0.1:9/crl/a-delta.crl";

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
  /** Entries with their own reasons (certificateHold, removeFromCRL…). */
  entries?: { who: TestIdentity; reason: x509.X509CrlReason }[];
  /** Makes a delta CRL on this base CRL number (deltaCRLIndicator, RFC 5280 §5.2.4). */
  deltaOf?: number;
}) {
  const signer = options.signer ?? ca;
  const int = (n: number) =>
    new Uint8Array([0x02, 0x04, ...new Uint8Array(new Uint32Array([n]).buffer).reverse()]);
  const number = int(options.number);
  const deltaIndicator =
    options.deltaOf === undefined ? [] : [new x509.Extension("2.5.29.27", true, int(options.deltaOf))];
  const generated = await x509.X509CrlGenerator.create({
    issuer: signer.name,
    thisUpdate: options.thisUpdate,
    nextUpdate: new Date(options.thisUpdate.getTime() + (options.nextUpdateMs ?? 48 * HOUR)),
    signingKey: signer.keys.privateKey,
    signingAlgorithm: { name: "ECDSA", hash: "SHA-256" } as EcdsaParams,
    extensions: [new x509.Extension("2.5.29.20", false, number), ...deltaIndicator],
    entries: [
      ...(options.revoked ?? []).map((who) => ({ who, reason: x509.X509CrlReason.keyCompromise })),
      ...(options.entries ?? []),
    ].map(({ who, reason }) => ({
      serialNumber: parseCertificate(who.der).serial,
      revocationDate: new Date(options.thisUpdate.getTime() - 1000),
      reason,
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

    const events: RevocationEvent[] = [];
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

  it("refreshes every few seconds once the floor is lowered, never more often than every second", async () => {
    const clock = new ManualScheduler();
    const { state, fetchCrl } = server();
    state.body = await crl({ thisUpdate: clock.now(), nextUpdateMs: 2 * HOUR, number: 1 });
    const floored = new RevocationCache({ fetchCrl, scheduler: clock, maxIntervalMs: 2000 });
    expect((await floored.addDistributionPoint(URL_A)).nextRefresh!.getTime() - clock.now().getTime()).toBe(
      60_000,
    );
    floored.stop();
    const fast = new RevocationCache({
      fetchCrl,
      scheduler: clock,
      maxIntervalMs: 2000,
      minIntervalMs: 1000,
    });
    expect((await fast.addDistributionPoint(URL_A)).nextRefresh!.getTime() - clock.now().getTime()).toBe(
      2000,
    );
    const before = state.fetches;
    await clock.advance(10_000);
    expect(state.fetches - before).toBe(5);
    fast.stop();
    const tooFast = new RevocationCache({ fetchCrl, scheduler: clock, maxIntervalMs: 10, minIntervalMs: 10 });
    expect((await tooFast.addDistributionPoint(URL_A)).nextRefresh!.getTime() - clock.now().getTime()).toBe(
      1000,
    );
    tooFast.stop();
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

  it("reads delta CRLs: combines them with the complete CRL and fetches them on their own pace (RFC 5280 §5.2.4)", async () => {
    const clock = new ManualScheduler();
    const base = server();
    const delta = server();
    const fetchCrl = (url: string) => (url === URL_DELTA ? delta.fetchCrl() : base.fetchCrl());
    base.state.body = await crl({ thisUpdate: clock.now(), number: 10 });
    delta.state.body = await crl({ thisUpdate: clock.now(), number: 11, deltaOf: 10, nextUpdateMs: HOUR });
    const cache = new RevocationCache({ fetchCrl, scheduler: clock });
    const status = await cache.addDistributionPoint(URL_A, { issuers: [ca.der], deltaUrl: URL_DELTA });
    expect(status).toMatchObject({ crlNumber: 10n, deltaCrlNumber: 11n, deltaUrl: URL_DELTA });
    // The delta's nextUpdate (1 h) sets the pace, not the complete CRL's 24 h.
    expect(status.nextRefresh!.getTime() - clock.now().getTime()).toBe(HOUR - 5 * 60_000);
    const events: RevocationEvent[] = [];
    cache.watchCertificate(leaf.der, (e) => events.push(e));
    const info = parseCertificate(leaf.der);
    expect(cache.check({ serial: info.serial, issuer: info.issuerString }).status).toBe("good");

    delta.state.body = await crl({
      thisUpdate: clock.now(),
      number: 12,
      deltaOf: 10,
      revoked: [leaf],
      nextUpdateMs: HOUR,
    });
    await clock.advance(HOUR - 5 * 60_000);
    expect(base.state.fetches).toBe(1); // only the delta was fetched again
    expect(delta.state.fetches).toBe(2);
    expect(events).toMatchObject([{ kind: "revoked", reason: "keyCompromise", url: URL_A }]);
    expect(cache.check({ serial: info.serial, issuer: info.issuerString }).status).toBe("revoked");

    // A delta for a newer complete CRL than the cached one, or a rolled-back one, is refused.
    const failures: string[] = [];
    cache.onRefreshFailed((e) => failures.push(e.error));
    delta.state.body = await crl({ thisUpdate: clock.now(), number: 13, deltaOf: 12 });
    await cache.refreshNow(URL_A);
    delta.state.body = await crl({ thisUpdate: clock.now(), number: 11, deltaOf: 10 });
    await cache.refreshNow(URL_A);
    expect(failures).toEqual([
      expect.stringMatching(/newer complete CRL/),
      expect.stringMatching(/went back/),
    ]);
    expect(cache.status()[0]).toMatchObject({ deltaCrlNumber: 12n, deltaFailing: true });
    expect(cache.crls()).toHaveLength(2); // the complete CRL and its delta, for validateCertificatePath
    cache.stop();
  });

  it("announces a released hold: removeFromCRL on a delta, or the entry gone from the next CRL", async () => {
    const clock = new ManualScheduler();
    const base = server();
    const delta = server();
    const fetchCrl = (url: string) => (url === URL_DELTA ? delta.fetchCrl() : base.fetchCrl());
    const hold = [{ who: leaf, reason: x509.X509CrlReason.certificateHold }];
    base.state.body = await crl({ thisUpdate: clock.now(), number: 20, entries: hold });
    delta.state.body = await crl({ thisUpdate: clock.now(), number: 21, deltaOf: 20, nextUpdateMs: HOUR });
    const cache = new RevocationCache({ fetchCrl, scheduler: clock });
    await cache.addDistributionPoint(URL_A, { issuers: [ca.der], deltaUrl: URL_DELTA });
    const events: RevocationEvent[] = [];
    cache.watchCertificate(leaf.der, (e) => events.push(e));
    const info = parseCertificate(leaf.der);
    await Promise.resolve();
    expect(events).toMatchObject([{ kind: "revoked", reason: "certificateHold" }]);

    const release = [{ who: leaf, reason: x509.X509CrlReason.removeFromCRL }];
    delta.state.body = await crl({ thisUpdate: clock.now(), number: 22, deltaOf: 20, entries: release });
    await cache.refreshNow(URL_A);
    await Promise.resolve();
    expect(events[1]).toMatchObject({
      kind: "hold-released",
      releasedBy: "removeFromCRL",
      serial: info.serial,
    });
    expect(cache.check({ serial: info.serial, issuer: info.issuerString }).status).toBe("good");

    // Held again on the next complete CRL, then simply absent from the one after: released again.
    base.state.body = await crl({ thisUpdate: clock.now(), number: 23, entries: hold });
    delta.state.body = await crl({ thisUpdate: clock.now(), number: 24, deltaOf: 23 });
    await clock.advance(25 * HOUR);
    await Promise.resolve();
    expect(events[2]).toMatchObject({ kind: "revoked", reason: "certificateHold" });
    base.state.body = await crl({ thisUpdate: clock.now(), number: 25 });
    delta.state.body = await crl({ thisUpdate: clock.now(), number: 26, deltaOf: 25 });
    await clock.advance(25 * HOUR);
    await Promise.resolve();
    expect(events[3]).toMatchObject({ kind: "hold-released", releasedBy: "absent" });
    expect(events).toHaveLength(4);
    cache.stop();
  });

  it("never announces a permanent revocation as released", async () => {
    const clock = new ManualScheduler();
    const { state, fetchCrl } = server();
    state.body = await crl({ thisUpdate: clock.now(), number: 1, revoked: [leaf] });
    const cache = new RevocationCache({ fetchCrl, scheduler: clock });
    await cache.addDistributionPoint(URL_A, { issuers: [ca.der] });
    const events: RevocationEvent[] = [];
    cache.watchCertificate(leaf.der, (e) => events.push(e));
    state.body = await crl({ thisUpdate: clock.now(), number: 2 });
    await cache.refreshNow();
    await Promise.resolve();
    expect(events.map((e) => e.kind)).toEqual(["revoked"]);
    cache.stop();
  });
});

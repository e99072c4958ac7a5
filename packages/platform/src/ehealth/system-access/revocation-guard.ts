/**
 * ANX2-9: "a revoked or suspended certificate automatically stops the data exchange". The guard
 * keeps the open connections of each admitted certificate and watches the certificate in the
 * revocation cache; when a refreshed CRL lists it (revoked or on hold) every connection of it is
 * destroyed at once — keep-alive connections included — and each closure audited. New
 * handshakes are refused by the path check, which reads the same cached CRLs. A released hold
 * is audited; the next handshake is admitted again by the same path check.
 */
import type { TLSSocket } from "node:tls";
import type { RevocationCache, RevocationEvent } from "@tilts/trust";
import { type AuditPort, auditClosed, auditRestored } from "./audit-events.ts";
import type { SystemBinding } from "./binding-store.ts";

interface Watched {
  binding: SystemBinding;
  sockets: Set<TLSSocket>;
  stop: () => void;
}

export class RevocationGuard {
  /** By certificate fingerprint; bounded by the bound certificates (only those are admitted). */
  private readonly watched = new Map<string, Watched>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly cache: RevocationCache,
    private readonly audit: AuditPort,
  ) {}

  /** Follows an admitted connection until it closes. */
  track(socket: TLSSocket, binding: SystemBinding, certificate: Uint8Array): void {
    let entry = this.watched.get(binding.fingerprint);
    if (!entry) {
      const sockets = new Set<TLSSocket>();
      entry = {
        binding,
        sockets,
        stop: this.cache.watchCertificate(certificate, (event) => this.onEvent(binding.fingerprint, event)),
      };
      this.watched.set(binding.fingerprint, entry);
    }
    const set = entry.sockets;
    set.add(socket);
    socket.once("close", () => set.delete(socket));
  }

  /** Open connections per certificate fingerprint (for status and tests). */
  openConnections(fingerprint: string): number {
    return this.watched.get(fingerprint)?.sockets.size ?? 0;
  }

  /** Audit writes still in flight (awaited on close so none is lost). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  stop(): void {
    for (const entry of this.watched.values()) entry.stop();
    this.watched.clear();
  }

  private onEvent(fingerprint: string, event: RevocationEvent): void {
    const entry = this.watched.get(fingerprint);
    if (!entry) return;
    if (event.kind === "hold-released") {
      this.remember(auditRestored(this.audit, entry.binding));
      return;
    }
    const reason = event.reason === "certificateHold" ? "held" : "revoked";
    for (const socket of [...entry.sockets]) {
      const address = socket.remoteAddress;
      socket.destroy();
      entry.sockets.delete(socket);
      this.remember(auditClosed(this.audit, entry.binding, reason, address));
    }
  }

  private remember(write: Promise<void>): void {
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }
}

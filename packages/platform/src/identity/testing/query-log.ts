/**
 * For tests and benchmarks only: a Kysely handle that notes every statement it sends, as
 * "select identity_client" or "insert audit_log", so a test can count a sign-in's database round
 * trips and say which ones grew. BEGIN/COMMIT go to the driver directly and are not statements
 * here (each transaction adds two round trips to the count).
 */
import type { Kysely, KyselyPlugin, OperationNode } from "kysely";

export interface QueryLog {
  /** The statements since the last `take`, in order. */
  take(): string[];
}

const KINDS: Record<string, string> = {
  SelectQueryNode: "select",
  InsertQueryNode: "insert",
  UpdateQueryNode: "update",
  DeleteQueryNode: "delete",
  RawNode: "raw",
};

/** The first table a statement names (its FROM, INTO or UPDATE target). */
function tableOf(node: OperationNode): string {
  const target = node as {
    from?: { froms?: OperationNode[] };
    into?: OperationNode;
    table?: OperationNode;
  };
  const first = target.from?.froms?.[0] ?? target.into ?? target.table;
  const named = first as { table?: { identifier?: { name?: string } }; identifier?: { name?: string } };
  return named?.table?.identifier?.name ?? named?.identifier?.name ?? "?";
}

export function withQueryLog<DB>(db: Kysely<DB>): { db: Kysely<DB>; log: QueryLog } {
  let statements: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery({ node }) {
      const kind = KINDS[node.kind] ?? node.kind;
      statements.push(kind === "raw" ? "raw sql" : `${kind} ${tableOf(node)}`);
      return node;
    },
    async transformResult({ result }) {
      return result;
    },
  };
  return {
    db: db.withPlugin(plugin),
    log: {
      take() {
        const taken = statements;
        statements = [];
        return taken;
      },
    },
  };
}

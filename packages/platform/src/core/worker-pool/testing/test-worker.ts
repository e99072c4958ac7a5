/** A pool worker for pool.test.ts: echoes, throws typed or plain errors, spins, or exits. */
import { workerData } from "node:worker_threads";
import { serveTasks } from "../serve-tasks.ts";

class TestRefusal extends Error {
  constructor(readonly code: string) {
    super(`refused: ${code}`);
  }
}

type Input = { echo: string } | { refuse: string } | { fail: string } | { spin: true } | { exit: true };

const prefix = (workerData as { options?: { prefix?: string } }).options?.prefix ?? "";

serveTasks<Input, string>(
  (input) => {
    if ("echo" in input) return `${prefix}${input.echo}`;
    if ("refuse" in input) throw new TestRefusal(input.refuse);
    if ("fail" in input) throw new Error(input.fail);
    if ("spin" in input) for (;;);
    process.exit(3);
  },
  (error) =>
    error instanceof TestRefusal
      ? { kind: "test-refusal", message: error.message, fields: { code: error.code } }
      : undefined,
);

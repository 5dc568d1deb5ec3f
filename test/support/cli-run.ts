/** Running the CLI's main() in-process with captured streams, and checking its JSON's numbers. */
import { main } from '../../src/cli/main';
import { capture } from './cli';

/** Runs the CLI with `args`; resolves with its exit code and what it wrote. */
export async function runMain(
  args: readonly string[],
): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const code = await main(args, io.streams);
  return { code, out: io.out(), err: io.err() };
}

/** Every number in a parsed JSON value, to check none is NaN or infinite (JSON has neither). */
export function jsonNumbers(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (Array.isArray(v)) return v.flatMap(jsonNumbers);
  if (v && typeof v === 'object') return Object.values(v).flatMap(jsonNumbers);
  return [];
}

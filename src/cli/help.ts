/**
 * `--help`, `-h`, `help [COMMAND]` and `COMMAND --help`: which usage text a command line asks
 * for, decided before anything else runs (no engine start, no file read). Pure.
 */
import { USAGE } from './args';
import { CALIBRATE_USAGE } from './calibrate-args';
import { COMPARE_USAGE } from './compare-args';
import { DESIGN_USAGE } from './design-args';
import { FRONTIER_USAGE } from './frontier-args';

/** The commands, each with its usage text. */
export const COMMAND_USAGE: Readonly<Record<string, string>> = {
  fit: USAGE,
  compare: COMPARE_USAGE,
  calibrate: CALIBRATE_USAGE,
  frontier: FRONTIER_USAGE,
  design: DESIGN_USAGE,
};

/** The overview `scaling-sweep --help` prints. */
export const CLI_USAGE = `usage: scaling-sweep COMMAND [options]     (from the checkout: npm run cli -- COMMAND ...)

Fits and explores the scaling law L(N, D) = E + A/N^alpha + B/D^beta.

commands:
  fit FILE          fit the law to the training runs in a CSV, with bootstrap intervals
  frontier          the optimal model size and tokens per compute budget under a law
  compare FILE      compare recipes (series of runs): the compute multiplier against a reference
  calibrate FILE    are the fit's 95% intervals honest on this design? coverage by simulation
  design FILE       plan the next runs: those that pin down N_opt, D_opt, a or a loss most per FLOP
  help [COMMAND]    this overview, or a command's options

Run 'scaling-sweep COMMAND --help' for a command's options.
Exit codes: 0 done, 1 the fit failed, 2 bad usage or bad input (the reason is on stderr).
Shapes of the --json output: docs/CLI.md.`;

const HELP_FLAGS = new Set(['--help', '-h']);

/** What a command line asks for in the way of help. */
export type HelpRequest =
  | { readonly kind: 'usage'; readonly text: string }
  | { readonly kind: 'unknown-command'; readonly command: string };

/**
 * The help `argv` asks for, or null when it asks for none: `--help`, `-h` or `help` first (the
 * overview, or with a command that command's usage), or `--help`/`-h` anywhere after a known
 * command (its usage, whatever the other arguments).
 */
export function helpRequest(argv: readonly string[]): HelpRequest | null {
  const [first, second] = argv;
  if (first === undefined) return null;
  if (first === 'help' || HELP_FLAGS.has(first)) {
    if (second === undefined || HELP_FLAGS.has(second)) return { kind: 'usage', text: CLI_USAGE };
    const text = COMMAND_USAGE[second];
    return text ? { kind: 'usage', text } : { kind: 'unknown-command', command: second };
  }
  const text = COMMAND_USAGE[first];
  if (text && argv.slice(1).some((a) => HELP_FLAGS.has(a))) return { kind: 'usage', text };
  return null;
}

/** The line that sends a user who typed something wrong to the right usage. */
export function helpPointer(command?: string): string {
  return command && COMMAND_USAGE[command]
    ? `see: scaling-sweep ${command} --help`
    : 'see: scaling-sweep --help';
}

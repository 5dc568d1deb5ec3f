// Finds a Python 3 with numpy and scipy for the peer benchmark and checks: $SCIPY_PYTHON, then
// Debian's /usr/bin/python3 (where `apt-get install python3-scipy` puts scipy 1.10, the peer
// the figures in bench/RESULTS.md were taken with), then `python3` on PATH.
import { execFileSync } from 'node:child_process';

/** Interpreters tried, in order. */
export const PYTHON_CANDIDATES = [process.env.SCIPY_PYTHON, '/usr/bin/python3', 'python3'].filter(
  Boolean,
);

/** The first interpreter that imports numpy and scipy, or undefined. */
export function findScipyPython() {
  for (const python of PYTHON_CANDIDATES) {
    try {
      execFileSync(python, ['-c', 'import numpy, scipy.optimize'], { stdio: 'ignore' });
      return python;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

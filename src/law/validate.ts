/** Validation of law constants, for inline messages on the controls. */
import type { FieldIssue } from './grid';
import { LAW_FIELDS, type ScalingLaw } from './law';

/** Largest exponent accepted: beyond this the surface is flat to f32 everywhere on the grid. */
export const MAX_EXPONENT = 5;

/** Every problem with a law's constants; an empty list means it is usable. */
export function validateLaw(law: ScalingLaw): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const field of LAW_FIELDS) {
    const v = law[field];
    if (typeof v !== 'number' || Number.isNaN(v)) {
      issues.push({ field, message: `${field} must be a number` });
    } else if (!Number.isFinite(v)) {
      issues.push({ field, message: `${field} must be finite` });
    } else if (v <= 0) {
      issues.push({ field, message: `${field} must be positive, got ${v}` });
    } else if ((field === 'alpha' || field === 'beta') && v > MAX_EXPONENT) {
      issues.push({ field, message: `${field} must be at most ${MAX_EXPONENT}, got ${v}` });
    }
  }
  return issues;
}

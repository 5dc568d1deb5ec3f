/**
 * The registry of fit methods. Adding a method is one line here (see the checklist at the top
 * of `src/fit/method.ts`).
 */
import type { AnyFitMethod } from './method';
import { APPROACH2 } from './methods/approach2';
import { APPROACH3 } from './methods/approach3';
import { COMPUTE_ONLY } from './methods/compute-only';

/** Every method, in menu order; the first is the default. */
export const FIT_METHODS: readonly AnyFitMethod[] = [APPROACH3, APPROACH2, COMPUTE_ONLY];

/** Id of the default method (omitted from links, so old links are unchanged). */
export const DEFAULT_FIT_METHOD = FIT_METHODS[0]!.id;

/** The method with `id`, or undefined when none is registered under it. */
export function findFitMethod(
  id: string,
  methods: readonly AnyFitMethod[] = FIT_METHODS,
): AnyFitMethod | undefined {
  return methods.find((m) => m.id === id);
}

/** The ids of the registered methods (for messages that list the choices). */
export function fitMethodIds(methods: readonly AnyFitMethod[] = FIT_METHODS): string[] {
  return methods.map((m) => m.id);
}

/** axe-core on the app page: the serious and critical WCAG 2.1 A/AA violations, one line each. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/**
 * The serious or critical WCAG 2.1 A/AA violations on `page` as "rule: target" lines, on the
 * whole page or, with `shadowPath` (host elements from the outside in), inside that shadow root.
 */
export async function seriousAxeViolations(
  page: Page,
  shadowPath?: [string, string, ...string[]],
): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (shadowPath) builder = builder.include({ fromShadowDom: shadowPath });
  const { violations } = await builder.analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)}`));
}

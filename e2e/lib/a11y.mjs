// Accessibility check with axe-core, run inside the page.
//
// `page.addScriptTag({path})` would inject axe as an *inline* script, which the
// app's CSP (script-src 'self') rightly refuses. Instead the test context
// routes `/__e2e__/axe.min.js` on the app's origin to the file from
// node_modules (see browser.mjs), and the tag loads it by URL: the page keeps
// its real CSP while axe runs.

export const BLOCKING_IMPACTS = ['serious', 'critical'];

/** Loads axe-core into the page once. */
export async function injectAxe(page) {
  if (await page.evaluate(() => typeof window.axe === 'object')) return;
  // From the page's own origin (the web app or the console).
  await page.addScriptTag({ url: `${new URL(page.url()).origin}/__e2e__/axe.min.js` });
  await page.waitForFunction(() => typeof window.axe === 'object');
}

/**
 * Runs axe on the page (WCAG 2.x A/AA and best-practice rules).
 * @returns {Promise<{violations: any[], blocking: any[], incomplete: any[]}>}
 */
export async function runAxe(page, { include, exclude, tags } = {}) {
  await injectAxe(page);
  const results = await page.evaluate(
    async ({ include, exclude, tags }) => {
      const context = include || exclude ? { include: include ?? [document], exclude: exclude ?? [] } : document;
      const options = {
        resultTypes: ['violations', 'incomplete'],
        runOnly: { type: 'tag', values: tags ?? ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      };
      const r = await window.axe.run(context, options);
      const slim = (v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
      });
      return { violations: r.violations.map(slim), incomplete: r.incomplete.map(slim) };
    },
    { include, exclude, tags },
  );
  const blocking = results.violations.filter((v) => BLOCKING_IMPACTS.includes(v.impact));
  return { ...results, blocking };
}

/** A readable list of violations for a failure message or the log. */
export function formatViolations(violations, label = '') {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `      ${n.target.join(' ')}\n        ${n.html.slice(0, 200)}\n        ${(n.summary ?? '').replace(/\n/g, '\n        ')}`)
        .join('\n');
      const more = v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : '';
      return `  ${label}[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join('\n');
}

/**
 * Fails (throws) on any serious or critical violation, printing them; minor
 * and moderate ones are printed as a note only.
 */
export async function assertAccessible(page, label = page.url(), opts = {}) {
  const { violations, blocking } = await runAxe(page, opts);
  const minor = violations.filter((v) => !BLOCKING_IMPACTS.includes(v.impact));
  if (minor.length) {
    console.log(`axe: ${minor.length} minor/moderate issue(s) on ${label} (not failing):\n${formatViolations(minor)}`);
  }
  if (blocking.length) {
    const text = formatViolations(blocking);
    console.log(`axe: ${blocking.length} serious/critical violation(s) on ${label}:\n${text}`);
    throw new Error(`accessibility: ${blocking.length} serious/critical axe violation(s) on ${label}:\n${text}`);
  }
  return violations;
}

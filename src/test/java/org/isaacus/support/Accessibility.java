package org.isaacus.support;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * WCAG 2.1 A and AA checks with axe-core (from npm, test-only, MPL-2.0) run inside the page as it is at that
 * moment, and screenshots kept as test artefacts under target/screenshots.
 */
public final class Accessibility {

    private static final Path AXE = Path.of("src/main/frontend/node_modules/axe-core/axe.min.js");
    private static final String RUN = """
            async () => {
              const result = await axe.run(document, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }
              });
              return result.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '
                + v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' '))
                    .join(' | '));
            }
            """;
    private static String source;

    private Accessibility() {}

    /** Fails naming every WCAG 2.1 AA violation axe-core finds on the page now. */
    @SuppressWarnings("unchecked")
    public static void check(Page page) {
        page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
        // evaluated, not added as a script tag: the pages' Content-Security-Policy allows only their own scripts
        if (!Boolean.TRUE.equals(page.evaluate("() => typeof window.axe === 'object'"))) {
            page.evaluate(axeSource());
        }
        List<String> violations = (List<String>) page.evaluate(RUN);
        if (!violations.isEmpty()) {
            throw new AssertionError(
                    "WCAG 2.1 AA violations on " + page.url() + ":\n  " + String.join("\n  ", violations));
        }
    }

    private static final java.util.Set<String> checked = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Checks each kind of page once per test run (its page name, the task it shows, its language): the helpers of
     * the browser tests call this on every page they pass through, and a page seen once needs no second check.
     */
    public static void checkOnce(Page page) {
        page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
        String kind = (String) page.evaluate("() => { const m = document.querySelector('main');"
                + " return (m && m.dataset.page || location.pathname) + '|' + (m && m.dataset.taskName || '')"
                + " + '|' + document.documentElement.lang; }");
        if (checked.add(kind)) {
            check(page);
        }
    }

    /** Checks the page and keeps a full-page screenshot of it as target/screenshots/{name}.png. */
    public static void checkAndKeep(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(Path.of("target", "screenshots", name + ".png"))
                .setFullPage(true));
        check(page);
    }

    private static synchronized String axeSource() {
        if (source == null) {
            try {
                source = "() => { " + Files.readString(AXE) + "\n; window.axe = axe; }";
            } catch (IOException e) {
                throw new UncheckedIOException("axe-core is installed by the build (npm) at " + AXE, e);
            }
        }
        return source;
    }
}

package org.isaacus.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.isaacus.dashboard.HistoricalCases;
import org.isaacus.support.Accessibility;
import org.isaacus.support.IntegrationTest;
import org.isaacus.support.Pdfs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The thin path as people do it, in headless Chromium: an applicant signs in through the OIDC issuer, fills the
 * form-js form, saves a draft, comes back, attaches the research plan and submits; an officer works the task
 * list; the applicant downloads the decision.
 */
class ThinPathBrowserIT extends IntegrationTest {

    static Playwright playwright;
    static Browser browser;

    @BeforeAll
    static void launch() {
        playwright = Playwright.create();
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(Path.of(System.getProperty("chromium", "/usr/bin/chromium")))
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync")));
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @Test
    void grantWithConditionsAfterEthicsReviewAndTwoHolderConsultations() throws Exception {
        String applicationUrl = submitted(
                "aino",
                "Statins and dementia in Åland",
                true,
                "Reimbursed prescriptions (Social Insurance Institution)");
        completenessChecked("Statins and dementia in Åland");
        // no consent: the national committee (eero) is asked; the other committee's member would not see it
        as(
                "eero",
                page -> workTask(page, "Statins and dementia in Åland", "Give the ethics statement", () -> {
                    page.getByLabel("Favourable with conditions").check();
                    page.getByLabel("Statement text").fill("Favourable, provided the results are aggregated.");
                    page.getByLabel("Reference number").fill("TUKIJA/77/2026");
                    page.getByLabel("Date of the statement").fill("2026-11-26");
                }));
        consultationAnswered(
                "kalle", "Statins and dementia in Åland", "No objection", "Purchases from 2010 onwards only.", "600");
        consultationAnswered(
                "helmi", "Statins and dementia in Åland", "No objection", "Pseudonymised identifiers only.", "900");
        feeAccepted("aino", "Statins and dementia in Åland");
        as(
                "olli",
                page -> workTask(page, "Statins and dementia in Åland", "Draft the decision", () -> {
                    // beside the draft: what the committee and the holders answered, in words, and by whom
                    Locator earlier = page.locator("#earlier");
                    assertThat(earlier).isVisible();
                    assertThat(earlier.locator("h3")).containsText(new String[] {
                        "Check completeness",
                        "Give the ethics statement",
                        "Answer the consultation",
                        "Answer the consultation"
                    });
                    assertThat(earlier).containsText("Favourable with conditions");
                    assertThat(earlier).containsText("Purchases from 2010 onwards only.");
                    assertThat(earlier).containsText("answered by eero");
                    page.getByLabel("Grant with conditions").check();
                    page.getByLabel("Conditions of the permit")
                            .fill("Results leave the environment only as aggregates.");
                    page.locator("[id$='Field_decisionReasons']").fill("The plan meets the requirements of the law.");
                }));
        decisionApproved("Statins and dementia in Åland");

        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, "aino");
            page.navigate(applicationUrl);
            // after the grant the status follows the data (in preparation, then available); the decision stays in
            // the timeline
            reloadUntil(
                    page,
                    () -> java.util.Set.of("granted-with-conditions", "data-in-preparation", "data-available")
                            .contains(page.locator("#app-status").getAttribute("data-status")));
            assertThat(page.locator("#timeline")).containsText("Granted with conditions");
            assertThat(page.locator("#clock")).isVisible();
            var download = page.waitForDownload(() -> page.getByRole(
                            AriaRole.LINK, new Page.GetByRoleOptions().setName("Download the decision (PDF)"))
                    .click());
            byte[] pdf = Files.readAllBytes(download.path());
            try (var doc = Loader.loadPDF(pdf)) {
                assertThat(new PDFTextStripper().getText(doc))
                        .contains("The data permit is granted with conditions.")
                        .contains("Results leave the environment only as aggregates.")
                        .contains("Statins and dementia in Åland")
                        .contains("Approved by: oona")
                        .contains("Hoitoilmoitusrekisteri");
            }
            page.navigate(baseUrl() + "/mailbox");
            assertThat(page.locator("#messages-list")).containsText("Decision on your application");
        }
        // the public list needs no sign-in; it is read from the search index, which follows within seconds
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(60))
                    .untilAsserted(() -> {
                        page.navigate(baseUrl() + "/permits");
                        assertThat(page.locator("#permit-list")).containsText("Statins and dementia in Åland");
                    });
        }

        // compilation: each holder sees its order, the officer sees the quality report
        as(
                "helmi",
                page -> workTask(page, "Statins and dementia in Åland", "Confirm the extraction", () -> {
                    // the order in the catalogue's words, not its codes
                    assertThat(page.locator("#form"))
                            .containsText("Care Register for Health Care (Main diagnosis (ICD-10))");
                    page.getByLabel("Delivered to the authority").check();
                }));
        as(
                "kalle",
                page -> workTask(page, "Statins and dementia in Åland", "Confirm the extraction", () -> {
                    assertThat(page.locator("#form")).containsText("Reimbursed prescriptions (");
                    page.getByLabel("Delivered to the authority").check();
                }));
        as(
                "olli",
                page -> workTask(page, "Statins and dementia in Åland", "Approve the compiled dataset", () -> {
                    assertThat(page.locator("#form")).containsText("linkage rate");
                    page.getByLabel("Approve for delivery").check();
                }));
        // the researcher's workspace: delivered files, and a result table that the automatic checks refuse
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, "aino");
            page.navigate(baseUrl() + "/workspaces");
            Locator workspace = page.getByRole(
                    AriaRole.LINK,
                    new Page.GetByRoleOptions()
                            .setName("Statins and dementia in Åland")
                            .setExact(true));
            reloadUntil(page, () -> workspace.count() > 0);
            workspace.first().click();
            assertThat(page.locator("#file-list")).containsText("data/care-register.csv");
            page.getByLabel("Result table (CSV)")
                    .setInputFiles(new FilePayload("by-sex.csv", "text/csv", "sex,persons\nF,2\nM,51\n".getBytes()));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit for review"))
                    .click();
            expectMessage(page, "Submitted for review.");
            reloadUntil(page, () -> page.locator("#output-list").textContent().contains("Rejected"));
            assertThat(page.locator("#output-list")).containsText("a count of 2");
        }
        // a team member named by e-mail in the application signs in and finds the same workspace
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, "bruno");
            page.navigate(baseUrl() + "/workspaces");
            page.getByRole(
                            AriaRole.LINK,
                            new Page.GetByRoleOptions()
                                    .setName("Statins and dementia in Åland")
                                    .setExact(true))
                    .click();
            assertThat(page.locator("#file-list")).containsText("data/care-register.csv");
        }
    }

    /**
     * The main path in Finnish and Swedish: an applicant fills the (translated) form and submits in Finnish, an
     * officer checks its completeness in Swedish, each seeing their own language's labels, names and messages.
     */
    @Test
    void anApplicantInFinnishAndAnOfficerInSwedish() {
        String title = "Vuorotyö ja unilääkkeet";
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, "aino");
            try {
                page.navigate(baseUrl() + "/?lang=fi");
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Uusi käyttölupahakemus"))
                        .click();
                page.waitForURL("**/applications/*");
                page.getByLabel("Hankkeen nimi").fill(title);
                // form-js's own check, beside the field, in Finnish
                Locator summary = page.getByLabel("Hankkeen tiivistelmä");
                summary.fill("Lyhyt");
                summary.blur();
                assertThat(page.locator("[id$='Field_description-error-message']"))
                        .hasText("Kirjoita vähintään 20 merkkiä.");
                summary.fill("Muuttaako yötyö unilääkkeiden käyttöä?");
                // variables are offered for the chosen datasets only
                Locator diagnosis = page.getByLabel("Hoitoilmoitusrekisteri: Päädiagnoosi (ICD-10)");
                assertThat(diagnosis).hasCount(0);
                page.getByLabel("Hoitoilmoitusrekisteri (Terveyden ja hyvinvoinnin laitos)")
                        .check();
                diagnosis.check();
                assertThat(page.locator("label[for*='Field_variables-']").allTextContents())
                        .isNotEmpty()
                        .allMatch(label -> label.startsWith("Hoitoilmoitusrekisteri: "));
                // the server's check, beside the field, in Finnish
                page.getByLabel("Kohortti: syntynyt vuonna tai jälkeen (vuosi)").fill("1990");
                page.getByLabel("Kohortti: syntynyt vuonna tai ennen (vuosi)").fill("1980");
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Tallenna luonnos"))
                        .click();
                assertThat(page.locator("[id$='Field_cohortBornTo-error-message']"))
                        .hasText("Kohortti: viimeinen syntymävuosi on ennen ensimmäistä");
                page.getByLabel("Kohortti: syntynyt vuonna tai ennen (vuosi)").fill("2000");
                page.locator("[id$='Field_teamMembers']").fill("Aino Applicant, UEF, aino@example.org");
                page.getByLabel("Yhteyssähköposti").fill("applicant@uef.example");
                page.getByLabel("Tieteellinen tutkimus", new Page.GetByLabelOptions().setExact(true))
                        .check();
                page.locator("#research-plan")
                        .setInputFiles(new FilePayload("suunnitelma.pdf", "application/pdf", Pdfs.onePage()));
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Lataa tutkimussuunnitelma"))
                        .click();
                expectMessage(page, "Tutkimussuunnitelma ladattu.");
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Lähetä hakemus"))
                        .click();
                assertThat(page.locator("#app-status")).hasText("Lähetetty");
            } finally {
                page.navigate(baseUrl() + "/?lang=en"); // the choice is remembered: other tests read English
            }
        }
        as("olli", page -> {
            try {
                page.navigate(taskListFor(title) + "&lang=sv");
                Locator link = page.getByRole(
                        AriaRole.LINK, new Page.GetByRoleOptions().setName("Kontrollera fullständigheten"));
                reloadUntil(page, () -> link.count() > 0);
                link.first().click();
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ta uppgiften"))
                        .click();
                expectMessage(page, "Du har tagit uppgiften.");
                // the purpose in words, in Swedish, where the form's text showed its code
                assertThat(page.locator("#form")).containsText("Ändamål: Vetenskaplig forskning");
                page.getByLabel("Fullständig: fortsätt till bedömning").check();
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Slutför uppgiften"))
                        .click();
                expectMessage(page, "Uppgiften är slutförd.");
            } finally {
                page.navigate(baseUrl() + "/?lang=en");
            }
        });
    }

    /**
     * An applicant and an officer who use no mouse: the applicant from the front page through sign-in, a new
     * application, its fields, the research plan and the submission; the officer finds the case in the task list,
     * claims the check, assigns it to a colleague, takes it back, claims and completes it — with Tab, arrows, Space,
     * Enter and typing only. Each step first moves the focus with Tab to the named control, so the test fails if a
     * control cannot be reached by keyboard.
     */
    @Test
    void anApplicantAndAnOfficerWithTheKeyboardOnly() {
        String title = "Keyboard only: shift work and sleep";
        try (BrowserContext context = browser.newContext()) {
            Page page = signInWithTheKeyboard(context, "aino");
            tabTo(page, "New data permit application");
            page.keyboard().press("Enter");
            page.waitForURL("**/applications/*");
            assertThat(page.getByLabel("Title of the project")).isVisible();
            tabTo(page, "Title of the project");
            page.keyboard().type(title);
            tabTo(page, "Summary of the project");
            page.keyboard().type("Does night-shift work change the use of sleep medicines?");
            // the draft saves itself: what was typed is on the server before any button is pressed
            assertThat(page.locator("#autosave"))
                    .containsText(
                            "Draft saved automatically",
                            new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions()
                                    .setTimeout(20_000));
            tabTo(page, "Care Register for Health Care (Finnish Institute for Health and Welfare)");
            page.keyboard().press("Space");
            tabTo(page, "Care Register for Health Care: Main diagnosis (ICD-10)");
            page.keyboard().press("Space");
            tabTo(page, "Team members");
            page.keyboard().type("Aino Applicant, UEF, aino@example.org");
            tabTo(page, "Contact e-mail");
            page.keyboard().type("applicant@uef.example");
            // a radio group is one Tab stop; the arrows choose within it
            tabTo(page, "Purpose of use");
            for (int i = 0; i < 6 && !focusedIs(page, "Scientific research"); i++) {
                page.keyboard().press("ArrowDown");
            }
            page.keyboard().press("Space");
            assertThat(page.getByLabel("Scientific research")).isChecked();
            tabTo(page, "Research plan");
            var chooser = page.waitForFileChooser(() -> page.keyboard().press("Space"));
            chooser.setFiles(new FilePayload("research-plan.pdf", "application/pdf", Pdfs.onePage()));
            tabTo(page, "Upload research plan");
            page.keyboard().press("Enter");
            expectMessage(page, "Research plan uploaded.");
            tabTo(page, "Submit application");
            page.keyboard().press("Enter");
            assertThat(page.locator("#app-status")).hasText("Submitted");
            Accessibility.checkOnce(page);
        }
        // an officer with the keyboard only: find the case, claim, assign to a colleague, take it back, complete
        try (BrowserContext context = browser.newContext()) {
            Page page = signInWithTheKeyboard(context, "olli");
            page.navigate(baseUrl() + "/tasks");
            tabTo(page, "Case title or number");
            page.keyboard().type(title);
            page.keyboard().press("Enter");
            page.waitForURL("**/tasks?*");
            Locator row = page.locator("tr", new Page.LocatorOptions().setHasText(title));
            reloadUntil(page, () -> row.count() > 0);
            tabTo(page, "Check completeness");
            page.keyboard().press("Enter");
            page.waitForURL("**/tasks/*");
            assertThat(page.locator("#complete")).isEnabled();
            tabTo(page, "Claim");
            page.keyboard().press("Enter");
            expectMessage(page, "Task claimed.");
            tabTo(page, "Assign to a colleague (their account)");
            page.keyboard().type("oona");
            page.keyboard().press("Enter");
            expectMessage(page, "The task was assigned to oona");
            tabTo(page, "Give back to the group");
            page.keyboard().press("Enter");
            expectMessage(page, "The task is back with its group.");
            tabTo(page, "Claim");
            page.keyboard().press("Enter");
            expectMessage(page, "Task claimed.");
            tabTo(page, "Is the application complete?");
            for (int i = 0; i < 3 && !focusedIs(page, "Complete: continue to assessment"); i++) {
                page.keyboard().press("ArrowDown");
            }
            page.keyboard().press("Space");
            assertThat(page.getByLabel("Complete: continue to assessment")).isChecked();
            tabTo(page, "Complete task");
            page.keyboard().press("Enter");
            expectMessage(page, "Task completed.");
        }
    }

    /** Presses Tab until the focused control is the named one (by its label, aria-label or text). */
    /** From the front page through the sign-in form to the home page, by keyboard. */
    private Page signInWithTheKeyboard(BrowserContext context, String username) {
        Page page = context.newPage();
        page.navigate(baseUrl() + "/");
        tabTo(page, "Sign in");
        page.keyboard().press("Enter");
        page.waitForURL("**/login");
        tabTo(page, "Username");
        page.keyboard().type(username);
        tabTo(page, "Password");
        page.keyboard().type("demo");
        page.keyboard().press("Enter");
        page.waitForURL(baseUrl() + "/");
        return page;
    }

    private static void tabTo(Page page, String name) {
        for (int i = 0; i < 120; i++) {
            if (focusedIs(page, name)) {
                return;
            }
            page.keyboard().press("Tab");
        }
        throw new AssertionError("\"" + name + "\" cannot be reached with Tab on " + page.url());
    }

    private static boolean focusedIs(Page page, String name) {
        return (Boolean) page.evaluate("""
                name => {
                  const e = document.activeElement;
                  if (!e || e === document.body) return false;
                  const clean = t => (t || '').replace(/\\s+/g, ' ').replace(/\\*/g, '').trim();
                  const group = e.type === 'radio' && e.closest('.fjs-form-field, fieldset');
                  const texts = [e.getAttribute('aria-label'), e.textContent, e.labels && e.labels[0] && e.labels[0].textContent,
                    e.getAttribute('aria-labelledby') && document.getElementById(e.getAttribute('aria-labelledby'))?.textContent,
                    group && (group.querySelector('legend, label') || {}).textContent];
                  return texts.some(t => clean(t) === name || clean(t).startsWith(name + ' ') || clean(t).startsWith(name + '('));
                }
                """, name);
    }

    /**
     * Every page, in English, Finnish and Swedish, as the person who uses it sees it: axe-core finds no WCAG 2.1 AA
     * violation, and a screenshot of each is kept under target/screenshots/{language}/.
     */
    @Test
    void everyPageInEnglishFinnishAndSwedishPassesAxe() {
        String title = "Sleep apnoea and road accidents";
        String application = submitted("aino", title, false).substring(baseUrl().length());
        String[] task = new String[1];
        as("olli", page -> {
            page.navigate(taskListFor(title));
            Locator link = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Check completeness"));
            reloadUntil(page, () -> link.count() > 0);
            task[0] = link.first().getAttribute("href");
        });
        var pages = new java.util.LinkedHashMap<String, List<String>>();
        pages.put("aino", List.of("/", "/applications", application, "/workspaces", "/mailbox"));
        pages.put("olli", List.of("/tasks", task[0], application, "/search"));
        pages.put("kalle", List.of("/tasks"));
        pages.put("mikko", List.of("/dashboard"));
        pages.put("admin", List.of("/admin/engine", "/admin/audit"));
        for (String language : List.of("en", "fi", "sv")) {
            try (BrowserContext context = browser.newContext()) {
                Page page = context.newPage();
                for (String path : List.of("/", "/catalogue", "/catalogue?topic=cancer", "/login", "/permits")) {
                    page.navigate(baseUrl() + path + (path.contains("?") ? "&" : "?") + "lang=" + language);
                    org.assertj.core.api.Assertions.assertThat(
                                    page.locator("header").count())
                            .as("one site header")
                            .isLessThanOrEqualTo(1);
                    Accessibility.checkAndKeep(page, language + "/anonymous" + path.replaceAll("[/?=&]", "-"));
                }
            }
            pages.forEach((user, paths) -> as(user, page -> {
                try {
                    for (String path : paths) {
                        page.navigate(baseUrl() + path + (path.contains("?") ? "&" : "?") + "lang=" + language);
                        assertThat(page.locator("html")).hasAttribute("lang", language);
                        org.assertj.core.api.Assertions.assertThat(
                                        page.locator("header").count())
                                .as("one site header")
                                .isLessThanOrEqualTo(1);
                        Accessibility.checkAndKeep(page, language + "/" + user + path.replaceAll("[/?=&]", "-"));
                    }
                } finally {
                    page.navigate(baseUrl() + "/?lang=en"); // the choice is remembered: other tests read English
                }
            }));
        }
    }

    @Autowired
    HistoricalCases history;

    @Autowired
    java.util.List<org.isaacus.dashboard.Figures> figures;

    @Test
    void aManagerReadsTheDashboardAndTheProcessHeatmap() {
        // the heatmap reads the engine's element history: one completeness check done there, whatever ran before
        String title = "Heatmap: a checked application";
        submitted("aino", title, false);
        completenessChecked(title);
        history.generate(200, 11);
        // the dashboard reads the search index: wait until it holds the history the page shows (the last year)
        var lastYear = new org.isaacus.dashboard.Figures.Period(
                java.time.OffsetDateTime.now().minusYears(1), java.time.OffsetDateTime.now(), null);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(120))
                .ignoreExceptions()
                .until(() -> figures.getFirst()
                        .volumesByType(lastYear)
                        .equals(figures.getLast().volumesByType(lastYear)));
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, "mikko");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Dashboard"))
                    .click();
            Locator durations = page.locator("#figure-stage-durations");
            // steps by their names in the model, columns in words
            assertThat(durations.locator("table")).containsText("Check completeness");
            assertThat(durations.locator("table")).not().containsText("Task_CheckCompleteness");
            assertThat(durations.locator("thead")).containsText("Median (hours)");
            assertThat(durations.locator(".chart canvas")).isVisible();
            assertThat(durations.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Download as CSV")))
                    .hasAttribute("href", "/api/dashboard/stage-durations.csv");
            // this period beside the one before: this period's decisions are the end-to-end figure's
            Locator decisions = page.locator("#comparison tr", new Page.LocatorOptions().setHasText("Decisions"));
            assertThat(decisions).hasCount(1);
            assertThat(decisions.locator("td").first())
                    .hasText(page.locator("#figure-end-to-end tbody tr td")
                            .first()
                            .textContent());
            // the heatmap draws the permit process with the step's figures on it
            assertThat(page.locator("#heatmap .heat[data-element='Task_CheckCompleteness']"))
                    .containsText("median");
            page.locator("#type").selectOption("data-request");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show"))
                    .click();
            assertThat(page.locator("#figure-volumes-by-type table")).not().containsText("data-permit");
            assertThat(page.locator("#figure-volumes-by-type table")).containsText("data-request");
        }
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, "aino");
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Dashboard")))
                    .hasCount(0);
            page.navigate(baseUrl() + "/dashboard");
            assertThat(page.locator("#errors")).containsText("dashboards are for managers");
        }
    }

    @Test
    void applicantWithdrawsDuringTheEthicsReview() {
        String applicationUrl = submitted("bruno", "Biobank samples and cancer", true);
        completenessChecked("Biobank samples and cancer");
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, "bruno");
            page.navigate(applicationUrl);
            reloadUntil(
                    page,
                    () -> "under-assessment".equals(page.locator("#app-status").getAttribute("data-status")));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Withdraw the application"))
                    .click();
            expectMessage(page, "Your request was sent.");
            reloadUntil(
                    page, () -> "withdrawn".equals(page.locator("#app-status").getAttribute("data-status")));
            assertThat(page.locator("#timeline")).containsText("Withdrawn");
        }
    }

    @Test
    void anOfficerFindsACaseByItsWordsInFinnish() {
        submitted("aino", "Syöpärekisterin tutkimuksen aineisto", true);
        as("olli", page -> {
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Search"))
                    .click();
            page.getByLabel("Words").fill("syöpärekisteri tutkimus");
            for (int i = 0; i < 60; i++) {
                page.getByRole(
                                AriaRole.BUTTON,
                                new Page.GetByRoleOptions().setName("Search").setExact(true))
                        .click();
                page.waitForTimeout(500);
                if (page.locator("#results").textContent().contains("Syöpärekisterin tutkimuksen aineisto")) {
                    break;
                }
            }
            assertThat(page.locator("#results")).containsText("Syöpärekisterin tutkimuksen aineisto");
            assertThat(page.locator("#facets")).containsText("data-permit");
        });
    }

    @Test
    void refusalAfterAHolderObjectsIsAppealed() {
        String applicationUrl = submitted("bruno", "Cancer incidence by postcode", false);
        completenessChecked("Cancer incidence by postcode");
        consultationAnswered(
                "helmi", "Cancer incidence by postcode", "Objection", "Postcode-level data re-identifies people.", "0");
        feeAccepted("bruno", "Cancer incidence by postcode");
        as(
                "olli",
                page -> workTask(page, "Cancer incidence by postcode", "Draft the decision", () -> {
                    page.getByLabel("Refuse", new Page.GetByLabelOptions().setExact(true))
                            .check();
                    page.locator("[id$='Field_decisionReasons']").fill("The data would identify individuals.");
                }));
        decisionApproved("Cancer incidence by postcode");
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, "bruno");
            page.navigate(applicationUrl);
            reloadUntil(page, () -> "refused".equals(page.locator("#app-status").getAttribute("data-status")));
            assertThat(page.locator("#withdraw")).isHidden();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Appeal the decision"))
                    .click();
            expectMessage(page, "Your request was sent.");
        }
    }

    @Test
    void supplementRoundBeforeTheAssessment() {
        // what an applicant writes is shown as text: a Markdown link in the title does not become a link
        String title = "Antibiotics in childhood [details](https://evil.example/)";
        String applicationUrl = submitted("aino", title, false);
        as(
                "olli",
                page -> workTask(page, title, "Check completeness", () -> {
                    assertThat(page.locator("#form")).containsText(title);
                    assertThat(page.locator("#form a[href*='evil.example']")).hasCount(0);
                    // the application beside the task, in words, with its research plan to open
                    assertThat(page.locator("#case-form").getByLabel("Scientific research"))
                            .isChecked();
                    assertThat(page.locator("#case-attachments")).containsText("research-plan.pdf");
                    assertThat(page.locator("#case a[href*='evil.example']")).hasCount(0);
                    page.getByLabel("Incomplete: ask the applicant for a supplement")
                            .check();
                    page.getByLabel("Questions to the applicant (shown to them)")
                            .fill("Which age groups do you study?");
                }));
        as(
                "aino",
                page -> workTask(page, title, "Supplement your application", () -> {
                    assertThat(page.locator("#form")).containsText("Which age groups do you study?");
                    page.getByLabel("Your answer").fill("Children aged 0 to 6.");
                }));
        completenessChecked(title);
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, "aino");
            page.navigate(applicationUrl);
            reloadUntil(
                    page,
                    () -> "under-assessment".equals(page.locator("#app-status").getAttribute("data-status")));
            assertThat(page.locator("#timeline")).containsText("Incomplete");
            assertThat(page.locator("#clock")).isVisible();
        }
    }

    /**
     * A permit revoked while its data is still being compiled: one officer proposes, another confirms on the case
     * page; the holder's extraction stops, the permit holder is heard in their task list, the decision is written,
     * and the case ends revoked.
     */
    @Test
    void aPermitIsRevokedWhileItsDataIsCompiled() {
        String title = "Hospital stays revoked while compiled";
        String applicationUrl = submitted("bruno", title, false);
        completenessChecked(title);
        consultationAnswered("helmi", title, "No objection", "Hospital stays from 2015 onwards.", "500");
        feeAccepted("bruno", title);
        as(
                "olli",
                page -> workTask(page, title, "Draft the decision", () -> {
                    page.getByLabel("Grant", new Page.GetByLabelOptions().setExact(true))
                            .check();
                    page.locator("[id$='Field_decisionReasons']").fill("The plan meets the requirements of the law.");
                }));
        decisionApproved(title);
        // the data is being compiled: the holder has the extraction to confirm
        as("helmi", page -> {
            page.navigate(taskListFor(title));
            reloadUntil(
                    page,
                    () -> page.locator("tr", new Page.LocatorOptions().setHasText(title))
                                    .count()
                            > 0);
        });
        as("olli", page -> {
            page.navigate(applicationUrl);
            page.getByLabel("Reason for revoking the permit")
                    .fill("The data was asked for a purpose it is not used for.");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Propose revocation"))
                    .click();
            expectMessage(page, "Done.");
        });
        as("oona", page -> {
            page.navigate(applicationUrl);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm another officer's revocation"))
                    .click();
            expectMessage(page, "Done.");
        });
        // access is suspended and the compilation stops: the holder's extraction task is gone
        as("helmi", page -> {
            page.navigate(taskListFor(title));
            reloadUntil(
                    page,
                    () -> page.locator("tr", new Page.LocatorOptions().setHasText(title))
                                    .count()
                            == 0);
        });
        as(
                "bruno",
                page -> workTask(
                        page,
                        title,
                        "Give your statement on the revocation",
                        () -> page.getByLabel("Your statement").fill("We use the data as the permit says.")));
        as(
                "olli",
                page -> workTask(
                        page,
                        title,
                        "Decide on the revocation",
                        () -> page.getByLabel("Reasons of the revocation decision")
                                .fill("The use described in the statement is outside the permitted purpose.")));
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, "bruno");
            page.navigate(applicationUrl);
            reloadUntil(page, () -> "revoked".equals(page.locator("#app-status").getAttribute("data-status")));
            assertThat(page.locator("#timeline")).containsText("Data in preparation");
            assertThat(page.locator("#timeline")).containsText("Suspended");
        }
    }

    private void completenessChecked(String caseTitle) {
        as(
                "olli",
                page -> workTask(page, caseTitle, "Check completeness", () -> {
                    // the diagram beside the task: this step marked, the path to it behind it
                    // (the check sits in the collapsed subprocess before the decision, marked with it)
                    assertThat(page.locator(
                                    "#task-diagram .djs-element.current[data-element-id='SubProcess_BeforeDecision']"))
                            .isVisible();
                    assertThat(page.locator("#task-diagram .djs-element.passed").first())
                            .isAttached();
                    // the research plan read beside the task, page by page
                    page.locator("#case-attachments")
                            .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Read here"))
                            .first()
                            .click();
                    Locator firstPage = page.locator("#case-attachments img").first();
                    assertThat(firstPage).hasAttribute("alt", java.util.regex.Pattern.compile("Page 1 of \\d+$"));
                    page.waitForFunction("img => img.complete && img.naturalWidth > 0", firstPage.elementHandle());
                    // its text beside it, for a screen reader
                    page.locator("#case-attachments summary").first().click();
                    assertThat(page.locator("#case-attachments .page-text").first())
                            .hasText(Pdfs.ONE_PAGE_TEXT);
                    page.getByLabel("Complete: continue to assessment").check();
                }));
    }

    private void consultationAnswered(String holder, String caseTitle, String statement, String text, String cost) {
        as(
                holder,
                page -> workTask(page, caseTitle, "Answer the consultation", () -> {
                    page.getByLabel(statement, new Page.GetByLabelOptions().setExact(true))
                            .check();
                    page.getByLabel("Statement text and conditions").fill(text);
                    page.getByLabel("Cost estimate for the extraction (EUR)").fill(cost);
                }));
    }

    private void feeAccepted(String applicant, String caseTitle) {
        as(
                applicant,
                page -> workTask(
                        page,
                        caseTitle,
                        "Accept the cost estimate",
                        () -> page.getByLabel("I accept the fee estimate").check()));
    }

    /** The second officer approves the draft (four eyes). */
    private void decisionApproved(String caseTitle) {
        as(
                "oona",
                page -> workTask(
                        page,
                        caseTitle,
                        "Approve the decision",
                        () -> page.getByLabel("Approve and issue").check()));
    }

    /** An application the applicant filled, saved, came back to and submitted; answers its address. */
    private String submitted(String applicant, String title, boolean medicalResearch, String... moreDatasets) {
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, applicant);
            String url = draftApplication(page, title, medicalResearch, moreDatasets);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit application"))
                    .click();
            assertThat(page.locator("#app-status")).hasText("Submitted");
            signOut(page);
            return url;
        }
    }

    /** Opens a new application and fills it; medical research (Act 488/1999) needs an ethics statement. */
    private String draftApplication(Page page, String title, boolean medicalResearch, String... moreDatasets) {
        page.navigate(baseUrl() + "/applications");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New data permit application"))
                .click();
        page.waitForURL("**/applications/*");
        String url = page.url();
        assertThat(page.getByLabel("Title of the project")).isVisible();
        Accessibility.checkOnce(page);
        page.getByLabel("Title of the project").fill(title);
        page.getByLabel("Summary of the project").fill("Does long-term statin use change dementia incidence?");
        page.locator("[id$='Field_teamMembers']")
                .fill("Aino Applicant, UEF, aino@example.org\nBruno Colleague, UEF, bruno@demo.isaacus.example");
        page.getByLabel("Contact e-mail").fill("applicant@uef.example");
        page.getByLabel("Care Register for Health Care (Finnish Institute for Health and Welfare)")
                .check();
        page.getByLabel("Care Register for Health Care: Main diagnosis (ICD-10)")
                .check();
        for (String dataset : moreDatasets) {
            page.getByLabel(dataset).check();
        }
        if (medicalResearch) {
            page.getByLabel("The project is medical research", new Page.GetByLabelOptions().setExact(false))
                    .check();
        }
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save draft"))
                .click();
        expectMessage(page, "Draft saved.");

        // come back later: the draft is still there
        page.navigate(baseUrl() + "/applications");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(title).setExact(true))
                .click();
        assertThat(page.getByLabel("Title of the project")).hasValue(title);

        page.getByLabel("Scientific research").check();
        page.locator("#research-plan")
                .setInputFiles(new FilePayload("research-plan.pdf", "application/pdf", Pdfs.onePage()));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload research plan"))
                .click();
        expectMessage(page, "Research plan uploaded.");
        return url;
    }

    private void as(String username, java.util.function.Consumer<Page> work) {
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, username);
            work.accept(page);
            signOut(page);
        }
    }

    /**
     * A write with the browser session but without the CSRF token is refused whatever Authorization header it
     * carries; only a bearer token (which the browser never adds by itself) replaces the check, and then the token,
     * not the session, decides.
     */
    @Test
    void aSessionWriteWithoutItsCsrfTokenIsRefusedWhateverAuthorizationItCarries() {
        try (BrowserContext context = browser.newContext()) {
            signIn(context, "aino");
            var request = context.request();
            var url = baseUrl() + "/api/applications";
            java.util.function.Function<String, Integer> postWith = authorization -> request.post(
                            url,
                            authorization == null
                                    ? null
                                    : com.microsoft.playwright.options.RequestOptions.create()
                                            .setHeader("Authorization", authorization))
                    .status();
            org.assertj.core.api.Assertions.assertThat(postWith.apply(null))
                    .as("no token")
                    .isEqualTo(403);
            org.assertj.core.api.Assertions.assertThat(postWith.apply("Basic YWlubzpkZW1v"))
                    .as("a Basic header")
                    .isEqualTo(403);
            org.assertj.core.api.Assertions.assertThat(postWith.apply("Bearer not-a-token"))
                    .as("a bad bearer token with a good session")
                    .isEqualTo(401);
        }
    }

    /**
     * Signing out ends the identity provider's session too: the next visit asks for the password again instead of
     * signing the same person in silently.
     */
    @Test
    void signingOutEndsTheIssuersSessionToo() {
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, "oona");
            signOut(page);
            page.waitForLoadState();
            page.navigate(baseUrl() + "/tasks");
            page.waitForURL("**/login");
            assertThat(page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)))
                    .isVisible();
            org.assertj.core.api.Assertions.assertThat(page.url()).doesNotContain("/tasks");
        }
    }

    /** The health components (database, search, engine) are shown to a signed-in admin, not to an officer. */
    @Test
    void healthDetailsAreShownToAdminsOnly() {
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, "olli");
            page.navigate(baseUrl() + "/actuator/health");
            org.assertj.core.api.Assertions.assertThat(page.content())
                    .contains("status")
                    .doesNotContain("components");
        }
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, "admin");
            page.navigate(baseUrl() + "/actuator/health");
            org.assertj.core.api.Assertions.assertThat(page.content()).contains("components", "db", "search");
        }
    }

    private Page signIn(BrowserContext context, String username) {
        Page page = context.newPage();
        // browser-side problems end up in the test output
        page.onConsoleMessage(m -> System.out.println("browser console [" + username + "]: " + m.text()));
        page.onPageError(e -> System.out.println("browser error [" + username + "]: " + e));
        // the public front page: sign-in is one button on it
        page.navigate(baseUrl() + "/");
        Accessibility.checkOnce(page);
        page.getByRole(
                        AriaRole.LINK,
                        new Page.GetByRoleOptions().setName("Sign in").setExact(true))
                .click();
        page.waitForURL("**/login");
        Accessibility.checkOnce(page);
        page.getByLabel("Username", new Page.GetByLabelOptions().setExact(true)).fill(username);
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill("demo");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
        page.waitForURL(baseUrl() + "/");
        assertThat(page.getByText("Signed in as " + username)).isVisible();
        Accessibility.checkOnce(page);
        return page;
    }

    /** Waits for a status message; if an error shows instead, the failure says which. */
    private static void expectMessage(Page page, String text) {
        try {
            assertThat(page.locator("#messages")).hasText(text);
        } catch (AssertionError e) {
            java.nio.file.Path shot = java.nio.file.Path.of("target", "browser-failures", System.nanoTime() + ".png");
            page.screenshot(new Page.ScreenshotOptions().setPath(shot).setFullPage(true));
            throw new AssertionError(
                    "expected \"" + text + "\" but the page says: "
                            + page.locator("#errors").textContent()
                            + " | messages: " + page.locator("#messages").textContent()
                            + " | form errors: "
                            + page.locator(".fjs-form-field-error").allTextContents()
                            + " | screenshot " + shot,
                    e);
        }
    }

    private static void signOut(Page page) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))
                .click();
    }

    /** Opens the named task of the case with that title (other tests leave tasks of their own cases). */
    private void workTask(Page page, String caseTitle, String name, Runnable fill) {
        // the list's own text filter finds the case among the other tests' tasks
        page.navigate(taskListFor(caseTitle));
        Locator link = page.locator("tr", new Page.LocatorOptions().setHasText(caseTitle))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(name));
        reloadUntil(page, () -> link.count() > 0);
        Accessibility.checkOnce(page);
        link.first().click();
        Locator claim = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Claim"));
        assertThat(page.locator("#complete")).isEnabled();
        Accessibility.checkOnce(page);
        if (claim.isVisible()) { // tasks assigned by the process (the applicant's) need no claim
            claim.click();
            expectMessage(page, "Task claimed.");
        }
        fill.run();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Complete task"))
                .click();
        expectMessage(page, "Task completed.");
        page.waitForURL(baseUrl() + "/tasks");
    }

    /** The task list filtered by its own text filter: the case among the other tests' tasks. */
    private String taskListFor(String caseTitle) {
        return baseUrl() + "/tasks?q=" + java.net.URLEncoder.encode(caseTitle, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** form-js renders its select as a searchable dropdown: open it and pick the option. */
    private static void choose(Page page, String label, String option) {
        page.getByLabel(label).click();
        page.locator(".fjs-dropdownlist-item", new Page.LocatorOptions().setHasText(option))
                .click();
    }

    /** Reloads until the condition holds; engine-driven changes get 90 s on a busy machine. */
    private static void reloadUntil(Page page, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            page.waitForLoadState();
            page.waitForTimeout(250);
            if (condition.getAsBoolean()) {
                Accessibility.checkOnce(page);
                return;
            }
            page.waitForTimeout(500);
            page.reload();
        }
        throw new AssertionError("condition not met on " + page.url());
    }
}

package org.isaacus.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.isaacus.identity.CurrentUser;
import org.isaacus.identity.Role;
import org.isaacus.support.Api;
import org.isaacus.support.IntegrationTest;
import org.isaacus.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The task list's views, filters, sort orders and keyset pages over tasks of a group only this test uses (the
 * database is shared with the other tests).
 */
class TaskListIT extends IntegrationTest {

    @Autowired
    UserTaskRepository repository;

    @Autowired
    UserTaskService service;

    @Autowired
    JWKSource<SecurityContext> keys;

    final String group = "register-holder:t" + UUID.randomUUID();
    final String me = "h-" + UUID.randomUUID();
    final String colleague = "k-" + UUID.randomUUID();
    final OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    final Map<String, Long> keyOf = new HashMap<>();
    final Map<String, UUID> caseOf = new HashMap<>();
    CurrentUser user;

    @BeforeEach
    void tasks() {
        user = new CurrentUser(me, Set.of(Role.REGISTER_HOLDER), Set.of(group));
        // name, form, type, datasets, due in days (null: none), decision due in days, assignee, groups
        task("overdue", "consultation-answer", "data-permit", List.of("cancer-registry"), -2, 40, null, true);
        task("soon", "consultation-answer", "data-request", List.of("care-register"), 3, 20, null, true);
        task(
                "later",
                "extraction-confirmation",
                "data-permit",
                List.of("care-register", "causes-of-death"),
                30,
                10,
                me,
                true);
        task("undated", "extraction-confirmation", "amendment", List.of(), null, null, null, true);
        task("undated too", "consultation-answer", "renewal", List.of("cancer-registry"), null, 5, colleague, true);
        task("100% Cohort_study", "consultation-answer", "data-permit", List.of(), 10, null, null, true);
        task("mine alone", "supplement-answer", "data-permit", List.of(), 1, null, me, false);
        // someone else's: neither in my groups nor mine
        repository.upsertOpen(
                next(),
                1L,
                "Task_X",
                "consultation-answer",
                UUID.randomUUID(),
                List.of("register-holder:other"),
                null,
                now.plusDays(1),
                Map.of(),
                Map.of("title", "other"),
                now);
    }

    @Test
    void allInMyGroupsComePageByPageInDueOrderEachOnce() {
        var seen = new ArrayList<String>();
        String after = null;
        int pages = 0;
        do {
            var page = page(Map.of("limit", "2", "after", after == null ? "" : after));
            page.tasks().forEach(t -> seen.add(t.title()));
            after = page.next();
            pages++;
        } while (after != null);
        // due ascending, the undated last (in job-key order); the colleague's claimed task is still in my groups
        assertThat(seen)
                .containsExactly(
                        "overdue", "mine alone", "soon", "100% Cohort_study", "later", "undated", "undated too");
        assertThat(pages).isEqualTo(4);
    }

    @Test
    void aTaskOfTwoOfMyGroupsIsListedAndCountedOnce() {
        String second = "ethics-committee:t" + UUID.randomUUID();
        var member = new CurrentUser("m-" + UUID.randomUUID(), Set.of(Role.REGISTER_HOLDER), Set.of(group, second));
        repository.upsertOpen(
                next(),
                1L,
                "Task_X",
                "consultation-answer",
                UUID.randomUUID(),
                List.of(group, second),
                null,
                now.plusDays(2),
                Map.of(),
                Map.of("title", "in both groups"),
                now);
        var page = service.page(member, TaskQuery.parse(Map.of("q", "in both groups")));
        assertThat(page.tasks()).extracting(UserTask::title).containsExactly("in both groups");
        assertThat(page.counts().get("all")).isEqualTo(new TaskQuery.Count(1, false));
        var paged = service.page(member, TaskQuery.parse(Map.of("limit", "1", "view", "unassigned")));
        assertThat(paged.counts().get("unassigned").value()).isEqualTo(5); // the group's 4 unassigned, and this one
    }

    @Test
    void viewsAndTheirCounts() {
        assertThat(titles(Map.of("view", "mine"))).containsExactly("mine alone", "later");
        assertThat(titles(Map.of("view", "unassigned")))
                .containsExactly("overdue", "soon", "100% Cohort_study", "undated");
        var counts = page(Map.of("step", "consultation-answer")).counts();
        assertThat(counts.get("mine")).isEqualTo(new TaskQuery.Count(0, false));
        assertThat(counts.get("unassigned")).isEqualTo(new TaskQuery.Count(3, false));
        assertThat(counts.get("all")).isEqualTo(new TaskQuery.Count(4, false));
    }

    @Test
    void filters() {
        assertThat(titles(Map.of("step", "extraction-confirmation"))).containsExactly("later", "undated");
        assertThat(titles(Map.of("type", "data-permit")))
                .containsExactly("overdue", "mine alone", "100% Cohort_study", "later");
        assertThat(titles(Map.of("dataset", "cancer-registry"))).containsExactly("overdue", "undated too");
        assertThat(titles(Map.of("holder", "kela"))).containsExactly("later");
        assertThat(titles(Map.of("holder", "thl", "type", "renewal"))).containsExactly("undated too");
        assertThat(titles(Map.of("due", "overdue"))).containsExactly("overdue");
        assertThat(titles(Map.of("due", "week"))).containsExactly("mine alone", "soon");
        // the text is looked for in titles, case-insensitively, its % and _ as themselves
        assertThat(titles(Map.of("q", "cohort_"))).containsExactly("100% Cohort_study");
        assertThat(titles(Map.of("q", "%"))).containsExactly("100% Cohort_study");
        assertThat(titles(Map.of("q", "UNDATED"))).containsExactly("undated", "undated too");
        assertThat(titles(Map.of("q", caseOf.get("soon").toString()))).containsExactly("soon");
        assertThat(titles(Map.of("q", "soon", "view", "mine"))).isEmpty();
    }

    /**
     * The title filter's index (V25) joins a title's words with 'q' so trigrams span them; the list still compares
     * the title itself. Whatever the characters between words, a part of a title finds it, and a part it does not
     * hold finds nothing.
     */
    @Test
    void anyPartOfATitleFindsItWhateverItsCharacters() {
        task("Lääkkeet ja raskaus: 2020–2024", "consultation-answer", "data-permit", List.of(), 4, null, null, true);
        task("Stroke, cohort 4 (Q&A)", "consultation-answer", "data-permit", List.of(), 5, null, null, true);
        for (String part : List.of("raskaus: 2020", "äkkeet ja", "RASKAUS", "rask", "2020–2024", ": 2", " ja ")) {
            assertThat(titles(Map.of("q", part))).as(part).containsExactly("Lääkkeet ja raskaus: 2020–2024");
        }
        for (String part : List.of("stroke, cohort 4", "ORT 4 (q&a)", "(Q&A)", ", c", "ke, co")) {
            assertThat(titles(Map.of("q", part))).as(part).containsExactly("Stroke, cohort 4 (Q&A)");
        }
        // the same words with other characters between them, or joined as the index joins them
        for (String part : List.of(
                "raskaus 2020", "raskaus:2020", "2020-2024", "stroke cohort", "strokeqcohort", "q4", "aq", "kq")) {
            assertThat(titles(Map.of("q", part))).as(part).isEmpty();
        }
    }

    /** What a form's texts show: the proposal and the fee from the decision tables, and dates, in the reader's words. */
    @Test
    void aTaskCarriesItsValuesInTheReadersWords() {
        String reason = "A register holder set conditions for its data.";
        var findings = List.of(Map.of("finding", "condition", "reason", reason));
        long draft = groupTask(
                "decision-draft",
                Map.of(
                        "title",
                        "in words",
                        "proposal",
                        Map.of(
                                "proposedOutcome",
                                "grant-with-conditions",
                                "proposalReason",
                                reason,
                                "findings",
                                findings)));
        long fee = groupTask(
                "fee-acceptance",
                Map.of(
                        "title",
                        "2027-06-30T20:59:59Z is not a date here",
                        "fee",
                        Map.of("feeCategory", "thesis", "baseFee", 500),
                        "feeAcceptanceDueAt",
                        "2027-06-30T20:59:59Z"));
        org.springframework.context.i18n.LocaleContextHolder.setLocale(java.util.Locale.of("fi"));
        try {
            assertThat(service.get(user, draft).words().get("proposal"))
                    .isEqualTo(Map.of(
                            "proposedOutcome",
                            "Myönnä ehdoin",
                            "proposalReason",
                            "Rekisterinpitäjä asetti ehtoja aineistolleen.",
                            "findings",
                            findings));
            var words = service.get(user, fee).words();
            assertThat(words.get("fee")).isEqualTo(Map.of("feeCategory", "Käyttölupa opinnäytetyöhön", "baseFee", 500));
            // the end of 30 June in Helsinki, written as a Finn writes a date
            assertThat(words).containsEntry("feeAcceptanceDueAt", "30.6.2027").doesNotContainKey("title");
        } finally {
            org.springframework.context.i18n.LocaleContextHolder.resetLocaleContext();
        }
    }

    @Test
    void byDecisionDeadline() {
        assertThat(titles(Map.of("sort", "deadline")))
                .containsExactly(
                        "undated too", "later", "soon", "overdue", "undated", "100% Cohort_study", "mine alone");
        var first = page(Map.of("sort", "deadline", "limit", "5"));
        assertThat(titles(Map.of("sort", "deadline", "after", first.next())))
                .containsExactly("100% Cohort_study", "mine alone");
    }

    @Test
    void theApiReadsTheSameQueryAndRefusesWhatItCannotRead() {
        var api = new Api(baseUrl());
        String token = new Tokens(keys).member(me, group, Role.REGISTER_HOLDER);
        var page = api.get(token, "/api/tasks?view=mine&limit=1");
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        assertThat(page.json().path("tasks").size()).isEqualTo(1);
        assertThat(page.json().path("tasks").path(0).path("title").asText()).isEqualTo("mine alone");
        assertThat(page.json().path("counts").path("mine").path("value").asInt())
                .isEqualTo(2);
        assertThat(page.json().path("next").asText()).isNotEmpty();
        for (String bad : List.of(
                "view=everything", "limit=0", "limit=201", "limit=x", "after=nonsense", "due=someday", "sort=name")) {
            var refused = api.get(token, "/api/tasks?" + bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().path("fieldErrors").size())
                    .as(refused.text())
                    .isEqualTo(1);
        }
    }

    private List<String> titles(Map<String, String> params) {
        return page(params).tasks().stream().map(UserTask::title).toList();
    }

    private TaskQuery.Page page(Map<String, String> params) {
        return service.page(user, TaskQuery.parse(params));
    }

    private void task(
            String title,
            String form,
            String type,
            List<String> datasets,
            Integer dueDays,
            Integer deadlineDays,
            String assignee,
            boolean group) {
        UUID caseId = UUID.randomUUID();
        Map<String, Object> variables = new HashMap<>();
        variables.put("title", title);
        variables.put("applicationType", type);
        variables.put("datasets", datasets);
        variables.put("registerHolders", title.equals("later") ? List.of("kela", "statfi") : List.of("thl"));
        if (deadlineDays != null) {
            variables.put("decisionDueAt", now.plusDays(deadlineDays).toString());
        }
        long key = next();
        repository.upsertOpen(
                key,
                1L,
                "Task_X",
                form,
                caseId,
                group ? List.of(this.group) : List.of(),
                assignee,
                dueDays == null ? null : now.plusDays(dueDays),
                Map.of(),
                variables,
                now);
        keyOf.put(title, key);
        caseOf.put(title, caseId);
    }

    /** An open task of the group, of that form, with these variables; its job key. */
    private long groupTask(String form, Map<String, Object> variables) {
        long key = next();
        repository.upsertOpen(
                key, 1L, "Task_X", form, UUID.randomUUID(), List.of(group), null, null, Map.of(), variables, now);
        return key;
    }

    private static long next() {
        return System.nanoTime();
    }
}

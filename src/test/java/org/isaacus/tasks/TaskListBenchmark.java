package org.isaacus.tasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.isaacus.IsaacusApplication;
import org.isaacus.identity.CurrentUser;
import org.isaacus.identity.Role;
import org.isaacus.support.TestComponents;
import org.jooq.DSLContext;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The task list at scale: one page (its tasks and the three views' counts, as the page shows them) for officers,
 * a register holder's staff, a committee member and an applicant, with every view, filter and sort order, and
 * pages deep in the list followed by cursor. Measured at 10,000 open tasks, then again after topping up to
 * 1,000,000 (arguments: small, large, runs per query). Figures in docs/benchmarks.md ("Task list").
 */
public final class TaskListBenchmark {

    private static final String[] WORDS = {
        "cohort",
        "diabetes",
        "cancer",
        "registry",
        "mortality",
        "children",
        "elderly",
        "prescriptions",
        "pregnancy",
        "dementia",
        "asthma",
        "vaccination",
        "cardiac",
        "stroke",
        "depression",
        "screening"
    };

    public static void main(String[] args) throws Exception {
        int small = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int large = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        TestComponents.throwAwayApp("isaacus-task-list-benchmark");
        // no engine here: nothing to reconcile with, no jobs to poll
        System.setProperty("isaacus.tasks.reconcile-interval", "PT100H");
        System.setProperty("camunda.client.worker.defaults.enabled", "false");
        try (var context = new SpringApplicationBuilder(IsaacusApplication.class)
                .profiles("local")
                .run()) {
            var db = context.getBean(DSLContext.class);
            var service = context.getBean(UserTaskService.class);
            List<String> lines = new ArrayList<>();
            Map<Integer, Long> overallP99 = new TreeMap<>();
            int have = 0;
            for (int size : new int[] {small, large}) {
                long start = System.nanoTime();
                generate(db, have, size);
                have = size;
                analyze(context.getEnvironment());
                lines.add(
                        String.format("%,d open tasks (generated in %.1f s)", size, (System.nanoTime() - start) / 1e9));
                // warm-up: each query twenty times (JIT, the buffer cache); with three, the 10k run was measured while
                // the JIT still compiled, and its p99 (18-21 ms, pages spread over every kind) flattered the ratio
                for (int round = 0; round < 20; round++) {
                    for (var variants : queries().values()) {
                        variants.forEach(asked -> measure(service, asked));
                    }
                }
                if (Boolean.getBoolean("explain")) {
                    explain(db, context.getBean(UserTaskRepository.class));
                }
                List<Long> all = new ArrayList<>();
                for (var entry : queries().entrySet()) {
                    List<Long> micros = new ArrayList<>();
                    for (int i = 0; i < runs; i++) {
                        var asked = entry.getValue().get(i % entry.getValue().size());
                        micros.addAll(measure(service, asked));
                    }
                    all.addAll(micros);
                    lines.add(figures(entry.getKey(), micros));
                }
                lines.add(figures("all pages", all));
                overallP99.put(size, percentile(all, 0.99));
                System.out.println("measured " + size);
            }
            lines.add(String.format(
                    "p99(%,d) / p99(%,d) = %.2f",
                    large, small, (double) overallP99.get(large) / overallP99.get(small)));
            System.out.println(
                    "=== task list benchmark, " + Runtime.getRuntime().availableProcessors() + " cores ===");
            lines.forEach(System.out::println);
        }
    }

    /** Who asks what; each entry's variants are taken in turn (other holders, words, dates). */
    private static Map<String, List<Asked>> queries() {
        var officer = user("olli", Set.of(Role.PERMIT_OFFICER), Set.of());
        var officer2 = user("officer-7", Set.of(Role.PERMIT_OFFICER), Set.of());
        var holder = user("holder-staff-1", Set.of(Role.REGISTER_HOLDER), Set.of("register-holder:thl"));
        var rareHolder = user("holder-staff-2", Set.of(Role.REGISTER_HOLDER), Set.of("register-holder:h19"));
        var committee = user("committee-1", Set.of(Role.ETHICS_COMMITTEE_MEMBER), Set.of("ethics-committee:c3"));
        var applicant = user("applicant-123", Set.of(Role.APPLICANT), Set.of());
        Map<String, List<Asked>> q = new LinkedHashMap<>();
        q.put("officer, all, by due date", List.of(new Asked(officer, Map.of(), 1)));
        q.put("officer, unassigned", List.of(new Asked(officer, Map.of("view", "unassigned"), 1)));
        q.put("officer, assigned to me", List.of(new Asked(officer2, Map.of("view", "mine"), 1)));
        q.put("officer, by decision deadline", List.of(new Asked(officer, Map.of("sort", "deadline"), 1)));
        q.put("officer, overdue", List.of(new Asked(officer, Map.of("due", "overdue"), 1)));
        q.put(
                "officer, due within a week",
                List.of(new Asked(officer, Map.of("due", "week", "view", "unassigned"), 1)));
        q.put(
                "officer, one step",
                List.of(
                        new Asked(officer, Map.of("step", "court-outcome"), 1),
                        new Asked(officer, Map.of("step", "decision-draft"), 1),
                        new Asked(officer, Map.of("step", "completeness-check", "view", "unassigned"), 1)));
        q.put(
                "officer, case type",
                List.of(
                        new Asked(officer, Map.of("type", "renewal"), 1),
                        new Asked(officer, Map.of("type", "data-request"), 1)));
        q.put(
                "officer, dataset",
                List.of(
                        new Asked(officer, Map.of("dataset", "biobank-samples"), 1),
                        new Asked(officer, Map.of("dataset", "causes-of-death", "sort", "deadline"), 1)));
        q.put(
                "officer, holder",
                List.of(
                        new Asked(officer, Map.of("holder", "kela"), 1),
                        new Asked(officer, Map.of("holder", "h12"), 1)));
        q.put(
                "officer, title text",
                List.of(
                        new Asked(officer, Map.of("q", "diabetes"), 1),
                        new Asked(officer, Map.of("q", "stroke 4"), 1),
                        new Asked(officer, Map.of("q", "no such study"), 1)));
        q.put(
                "officer, case number",
                List.of(new Asked(officer, Map.of("q", caseId(424242).toString()), 1)));
        q.put(
                "officer, filters combined",
                List.of(
                        new Asked(
                                officer, Map.of("type", "data-permit", "dataset", "cancer-registry", "due", "week"), 1),
                        new Asked(
                                officer,
                                Map.of("view", "unassigned", "step", "decision-approval", "sort", "deadline"),
                                1)));
        q.put("officer, 20 pages deep", List.of(new Asked(officer, Map.of(), 20)));
        q.put(
                "holder staff (large holder)",
                List.of(
                        new Asked(holder, Map.of(), 1),
                        new Asked(holder, Map.of("view", "unassigned", "due", "overdue"), 1)));
        q.put("holder staff (small holder)", List.of(new Asked(rareHolder, Map.of(), 1)));
        q.put("committee member", List.of(new Asked(committee, Map.of(), 1)));
        q.put("applicant", List.of(new Asked(applicant, Map.of(), 1)));
        return q;
    }

    /**
     * As the table's owner: the app's own role may not vacuum or analyze (PostgreSQL only warns and skips), and
     * the planner needs the statistics of the new rows at once, not when autovacuum comes by.
     */
    private static void analyze(org.springframework.core.env.Environment env) throws java.sql.SQLException {
        try (var owner = java.sql.DriverManager.getConnection(
                        env.getRequiredProperty("spring.datasource.url"),
                        env.getRequiredProperty("spring.flyway.user"),
                        env.getRequiredProperty("spring.flyway.password"));
                var statement = owner.createStatement()) {
            statement.execute("VACUUM ANALYZE user_task");
        }
    }

    /** With -Dexplain=true: the plans of every first variant's page and count queries. */
    private static void explain(DSLContext db, UserTaskRepository repository) {
        var now = java.time.OffsetDateTime.now();
        for (var entry : queries().entrySet()) {
            for (var asked : entry.getValue()) {
                var query = TaskQuery.parse(asked.params());
                var user = asked.user();
                System.out.println("### " + entry.getKey() + " " + asked.params());
                for (var select : List.of(
                        repository.pageQuery(user.subject(), user.groups(), query, now),
                        repository.countQuery(user.subject(), user.groups(), query, now))) {
                    db.fetch("EXPLAIN (ANALYZE, BUFFERS) " + db.renderInlined(select))
                            .forEach(r -> System.out.println("  " + r.get(0)));
                }
            }
        }
    }

    record Asked(CurrentUser user, Map<String, String> params, int pages) {}

    /** Times each page of the ask: the first, or the first and the following ones by cursor; returns the last. */
    private static List<Long> measure(UserTaskService service, Asked asked) {
        Map<String, String> params = new java.util.HashMap<>(asked.params());
        long micros = 0;
        for (int page = 0; page < asked.pages(); page++) {
            long start = System.nanoTime();
            var result = service.page(asked.user(), TaskQuery.parse(params));
            micros = (System.nanoTime() - start) / 1000;
            if (result.next() == null) {
                break;
            }
            params.put("after", result.next());
        }
        return List.of(micros); // the deepest page reached
    }

    private static CurrentUser user(String subject, Set<Role> roles, Set<String> organisations) {
        return new CurrentUser(subject, roles, organisations);
    }

    private static UUID caseId(long i) {
        return new UUID(0x15aac05L, i);
    }

    /**
     * Open tasks from..to, deterministic: 55% the officers' (a fifth of them claimed by one of 40 officers), 25%
     * register holders' (20 holders, thl the largest), 10% ethics committees' (5), 10% an applicant's own
     * (50,000 applicants); due from 30 days ago to 60 days ahead (a tenth without), a decision deadline on four in
     * five, case types, one to three datasets, titles of research topics.
     */
    private static void generate(DSLContext db, int from, int to) {
        String words = "(ARRAY['" + String.join("','", WORDS) + "'])";
        db.execute("""
                INSERT INTO user_task (job_key, process_instance_key, element_id, form_id, case_id, candidate_groups,
                    assignee, due_at, variables, created_at, case_title, case_type, datasets, holders, decision_due_at)
                SELECT 1000000000 + i, i, 'Task_' || f, f,
                    ('00000000-015a-ac05-0000-' || lpad(to_hex(i), 12, '0'))::uuid,
                    g, a, d, jsonb_build_object('title', t), now() - interval '1 day', t, ct, ds, hs, dd
                FROM (SELECT i,
                        CASE WHEN k < 55 THEN ARRAY['permit-officer']
                             WHEN k < 80 THEN ARRAY['register-holder:' || CASE WHEN i % 20 < 6 THEN 'thl'
                                 WHEN i % 20 < 9 THEN 'kela' ELSE 'h' || (i % 20) END]
                             WHEN k < 90 THEN ARRAY['ethics-committee:c' || (i % 5)]
                             ELSE '{}'::text[] END AS g,
                        CASE WHEN k < 55 AND i % 5 = 0 THEN 'officer-' || (i % 40)
                             WHEN k >= 90 THEN 'applicant-' || (i % 50000) END AS a,
                        CASE WHEN k < 55 THEN (ARRAY['completeness-check','decision-draft','decision-approval',
                                 'consultation-overdue','ethics-delay','dataset-approval','output-review',
                                 'deletion-evidence','renewal-decision','revocation-decision','hours-worked',
                                 'court-outcome'])[1 + (i * 7 % 1000) / 84]
                             WHEN k < 80 THEN (ARRAY['consultation-answer','extraction-confirmation'])[1 + i % 2]
                             WHEN k < 90 THEN 'ethics-statement'
                             ELSE (ARRAY['supplement-answer','fee-acceptance','revocation-hearing'])[1 + i % 3] END AS f,
                        CASE WHEN i % 10 = 3 THEN NULL
                             ELSE now() + make_interval(mins => (((i * 7919) % (90 * 1440)) - 30 * 1440)::int) END AS d,
                        CASE WHEN i % 5 = 1 THEN NULL
                             ELSE now() + make_interval(mins => ((i * 104729) % (90 * 1440))::int) END AS dd,
                        CASE WHEN i % 100 < 70 THEN 'data-permit' WHEN i % 100 < 90 THEN 'data-request'
                             WHEN i % 100 < 97 THEN 'amendment' ELSE 'renewal' END AS ct,
                        CASE i % 6 WHEN 0 THEN ARRAY['care-register'] WHEN 1 THEN ARRAY['cancer-registry','causes-of-death']
                             WHEN 2 THEN ARRAY['reimbursed-prescriptions']
                             WHEN 3 THEN ARRAY['population-statistics','care-register','reimbursed-prescriptions']
                             WHEN 4 THEN ARRAY['biobank-samples','cancer-registry'] ELSE ARRAY['causes-of-death'] END AS ds,
                        CASE i % 6 WHEN 0 THEN ARRAY['thl'] WHEN 1 THEN ARRAY['thl','statfi'] WHEN 2 THEN ARRAY['kela']
                             WHEN 3 THEN ARRAY['statfi','thl','kela'] WHEN 4 THEN ARRAY['biobank-h','thl']
                             ELSE ARRAY['statfi'] END || ('h' || (i % 20)) AS hs,
                        initcap({words}[1 + i % 16]) || ' ' || {words}[1 + (i / 16) % 16] || ' study ' || i AS t
                      FROM (SELECT i, (i * 37) % 100 AS k FROM generate_series({from}::bigint, {to}) i) n) x
                """.replace("{words}", words)
                .replace("{from}", Integer.toString(from + 1))
                .replace("{to}", Integer.toString(to)));
    }

    private static String figures(String name, List<Long> micros) {
        return String.format(
                "%-32s p50 %6.1f ms   p99 %6.1f ms   (%d pages)",
                name, percentile(micros, 0.5) / 1000.0, percentile(micros, 0.99) / 1000.0, micros.size());
    }

    private static long percentile(List<Long> values, double q) {
        var sorted = values.stream().sorted().toList();
        return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * q) - 1));
    }

    static {
        Locale.setDefault(Locale.ROOT);
    }
}

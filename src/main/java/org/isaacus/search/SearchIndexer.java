package org.isaacus.search;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the indexes equal to PostgreSQL: every round it indexes the cases (and ethics statements) changed since
 * the last round that reached OpenSearch, with a few seconds of overlap for transactions that committed late.
 * While OpenSearch is away nothing moves the mark, so when it returns the rounds catch up by themselves; after a
 * restart the first round indexes everything again (idempotent); when an index and PostgreSQL disagree on the
 * number of documents, the next round goes through all of them.
 */
@Component
class SearchIndexer {

    private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);
    private static final int BATCH = 1000;
    private static final OffsetDateTime EPOCH = OffsetDateTime.parse("1970-01-01T00:00:00Z");

    private final DSLContext db;
    private final SearchIndex index;
    private final SearchIndex statements;
    private volatile OffsetDateTime statementMark = EPOCH;
    private volatile OffsetDateTime mark = EPOCH;
    private volatile boolean reachable = true;
    private volatile String lastProblem = "";

    SearchIndexer(DSLContext db, org.opensearch.client.opensearch.OpenSearchClient client) {
        this.db = db;
        this.index = new SearchIndex(client, SearchIndex.CASES);
        this.statements = new SearchIndex(client, SearchIndex.STATEMENTS);
    }

    /** A submission is searchable at once: its round starts when the submission commits (through the outbox). */
    @org.springframework.modulith.events.ApplicationModuleListener
    void on(org.isaacus.intake.ApplicationSubmitted submitted) {
        indexChanges();
    }

    @Scheduled(initialDelay = 1000, fixedDelayString = "${isaacus.search.index-interval:PT1S}")
    synchronized void indexChanges() {
        try {
            index.ensure();
            statements.ensure();
            indexStatements();
            OffsetDateTime from = mark.minusSeconds(10);
            OffsetDateTime started = OffsetDateTime.now();
            int indexed = 0;
            String after = "00000000-0000-0000-0000-000000000000";
            while (true) {
                List<Map<String, Object>> documents = changedSince(from, after);
                index.upsert(documents);
                indexed += documents.size();
                if (documents.size() < BATCH) {
                    break;
                }
                after = (String) documents.getLast().get("id");
            }
            mark = started;
            // rows written with an older time stamp (imports, synthetic history) escape the mark: when the
            // index and PostgreSQL disagree on the number of cases, the next round goes through all of them
            if (index.count()
                    != db.fetchOne("SELECT count(*) FROM application WHERE status <> 'draft'")
                            .get(0, Long.class)) {
                mark = EPOCH;
            }
            if (!reachable) {
                log.info("Search is back; {} cases indexed", indexed);
            }
            reachable = true;
        } catch (IOException | RuntimeException e) {
            String problem = String.valueOf(e.getMessage());
            if (reachable || !problem.equals(lastProblem)) {
                log.warn("Search is not reachable or refused the index, indexing waits: {}", problem, e);
            }
            lastProblem = problem;
            reachable = false;
            index.forget();
            statements.forget();
        }
    }

    private void indexStatements() throws IOException {
        OffsetDateTime started = OffsetDateTime.now();
        String after = "00000000-0000-0000-0000-000000000000";
        while (true) {
            var documents = statementsSince(statementMark.minusSeconds(10), after);
            statements.upsert(documents);
            if (documents.size() < BATCH) {
                break;
            }
            after = (String) documents.getLast().get("id");
        }
        statementMark = started;
        if (statements.count()
                != db.fetchOne("SELECT count(*) FROM ethics_statement").get(0, Long.class)) {
            statementMark = EPOCH;
        }
    }

    /** Both indexes written anew from PostgreSQL, each alias moved when its new index is complete. */
    synchronized Map<String, String> rebuild() throws IOException {
        Map<String, String> built = new LinkedHashMap<>();
        built.put(index.alias(), index.rebuild(sink -> all((from, after) -> changedSince(from, after), sink)));
        built.put(statements.alias(), statements.rebuild(sink -> all(this::statementsSince, sink)));
        return built;
    }

    private static void all(
            java.util.function.BiFunction<OffsetDateTime, String, List<Map<String, Object>>> query,
            java.util.function.Consumer<List<Map<String, Object>>> sink) {
        String after = "00000000-0000-0000-0000-000000000000";
        while (true) {
            var documents = query.apply(EPOCH, after);
            sink.accept(documents);
            if (documents.size() < BATCH) {
                return;
            }
            after = (String) documents.getLast().get("id");
        }
    }

    /** Ethics statements recorded since the time given, with the project and applicant of their case. */
    List<Map<String, Object>> statementsSince(OffsetDateTime from, String afterId) {
        var rows = db.fetch(
                "SELECT s.id::text, s.committee_id, c.name, s.reference_number, s.outcome, s.statement_text,"
                        + " s.statement_date::text, s.valid_until::text, a.title, a.applicant, s.case_id::text"
                        + " FROM ethics_statement s JOIN ethics_committee c ON c.id = s.committee_id"
                        + " LEFT JOIN application a ON a.id = s.case_id"
                        + " WHERE s.id > ?::uuid AND s.recorded_at >= CAST(? AS timestamptz) ORDER BY s.id LIMIT "
                        + BATCH,
                afterId,
                from);
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Record r : rows) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", r.get(0, String.class));
            d.put("committee", r.get(1, String.class));
            d.put("committeeName", r.get(2, String.class));
            d.put("reference", r.get(3, String.class));
            d.put("outcome", r.get(4, String.class));
            d.put("text", r.get(5, String.class));
            d.put("statementDate", r.get(6, String.class));
            d.put("validUntil", r.get(7, String.class));
            d.put("project", r.get(8, String.class));
            d.put("applicant", r.get(9, String.class));
            d.put("caseId", r.get(10, String.class));
            documents.add(d);
        }
        return documents;
    }

    /** Cases (not drafts) whose row, tasks or legal clock changed since the time given, as index documents. */
    List<Map<String, Object>> changedSince(OffsetDateTime from, String afterId) {
        var rows = db.fetch(
                "SELECT a.id::text, a.title, a.form_data ->> 'description', a.form_data ->> 'teamMembers', a.applicant,"
                        + " a.status, a.type, a.form_data ->> 'purpose',"
                        + " ARRAY(SELECT jsonb_array_elements_text(coalesce(a.form_data -> 'datasets', '[]'::jsonb))),"
                        + " ARRAY(SELECT DISTINCT substring(g FROM 17) FROM user_task t, unnest(t.candidate_groups) g"
                        + "   WHERE t.case_id = a.id AND g LIKE 'register-holder:%'),"
                        + " ARRAY(SELECT DISTINCT substring(g FROM 18) FROM user_task t, unnest(t.candidate_groups) g"
                        + "   WHERE t.case_id = a.id AND g LIKE 'ethics-committee:%'),"
                        + " a.submitted_at, a.updated_at, l.due_at"
                        + " FROM application a LEFT JOIN legal_clock l ON l.case_id = a.id"
                        + " WHERE a.status <> 'draft' AND a.id > ?::uuid AND (a.updated_at >= CAST(? AS timestamptz)"
                        + "   OR l.started_at >= CAST(? AS timestamptz) OR l.extended_at >= CAST(? AS timestamptz)"
                        + "   OR EXISTS (SELECT 1 FROM user_task t WHERE t.case_id = a.id"
                        + "   AND (t.created_at >= CAST(? AS timestamptz) OR t.closed_at >= CAST(? AS timestamptz))))"
                        + " ORDER BY a.id LIMIT " + BATCH,
                afterId,
                from,
                from,
                from,
                from,
                from);
        List<Map<String, Object>> documents = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now();
        for (Record r : rows) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", r.get(0, String.class));
            d.put("title", r.get(1, String.class));
            d.put("summary", r.get(2, String.class));
            d.put("team", r.get(3, String.class));
            d.put("applicant", r.get(4, String.class));
            d.put("status", r.get(5, String.class));
            d.put("type", r.get(6, String.class));
            d.put("purpose", r.get(7, String.class));
            d.put("datasets", Arrays.asList(r.get(8, String[].class)));
            d.put("holders", Arrays.asList(r.get(9, String[].class)));
            d.put("committee", Arrays.asList(r.get(10, String[].class)));
            OffsetDateTime due = r.get(13, OffsetDateTime.class);
            d.put("submittedAt", text(r.get(11, OffsetDateTime.class)));
            d.put("updatedAt", text(r.get(12, OffsetDateTime.class)));
            d.put("decisionDueAt", text(due));
            d.put("overdue", due != null && due.isBefore(now) && !CaseSearch.DECIDED.contains(r.get(5, String.class)));
            documents.add(d);
        }
        return documents;
    }

    private static String text(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}

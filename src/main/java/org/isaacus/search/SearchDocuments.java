package org.isaacus.search;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What each index holds, read from PostgreSQL: one document per case, human task, ethics statement, public permit
 * and model element instance (the engine's history). Every document is whole, so writing it again is harmless.
 */
@Component
class SearchDocuments {

    static final int BATCH = 1000;

    /** The kinds of document, each with its index alias and the SQL that reads it. */
    enum Kind {
        CASE("cases", "a.id", "uuid", "SELECT count(*) FROM application WHERE status <> 'draft'"),
        TASK("tasks", "t.job_key", "bigint", "SELECT count(*) FROM user_task"),
        STATEMENT("statements", "s.id", "uuid", "SELECT count(*) FROM ethics_statement"),
        PERMIT("permits", "p.case_id", "uuid", "SELECT count(*) FROM public_permit"),
        ELEMENT("elements", "a.element_instance_key", "bigint", null);

        final String alias;
        final String key;
        final String keyType;
        final String count;

        Kind(String alias, String key, String keyType, String count) {
            this.alias = alias;
            this.key = key;
            this.keyType = keyType;
            this.count = count;
        }

        /** The kind the outbox ({@code search_change.kind}) names. */
        static Kind named(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }

        String first() {
            return keyType.equals("uuid") ? "00000000-0000-0000-0000-000000000000" : Long.toString(Long.MIN_VALUE);
        }
    }

    private static final String DECISIONS = "('granted', 'granted-with-conditions', 'refused')";

    private final DSLContext db;
    private final String history;

    SearchDocuments(DSLContext db, @Value("${isaacus.engine.embedded.schema:engine}") String engineSchema) {
        this.db = db;
        this.history = engineSchema.replaceAll("[^A-Za-z0-9_]", "") + ".history";
    }

    /** The documents of these keys that exist; a key without one was deleted (or is a draft). */
    List<Map<String, Object>> byKeys(Kind kind, List<String> keys) {
        if (kind == Kind.ELEMENT && !engineHistoryHere()) {
            return List.of();
        }
        return read(kind, kind.key + " = ANY(CAST(? AS " + kind.keyType + "[]))", "", keys.toArray(String[]::new));
    }

    /** The next batch of documents after the key given, in key order: for full passes and rebuilds. */
    List<Map<String, Object>> after(Kind kind, String afterKey) {
        if (kind == Kind.ELEMENT && !engineHistoryHere()) {
            return List.of();
        }
        return read(
                kind,
                kind.key + " > CAST(? AS " + kind.keyType + ")",
                " ORDER BY " + kind.key + " LIMIT " + BATCH,
                afterKey);
    }

    /** How many documents the kind should have: what an index's count is checked against. */
    long expected(Kind kind) {
        if (kind == Kind.ELEMENT) {
            return engineHistoryHere()
                    ? db.fetchOne("SELECT count(*) FROM " + history + " WHERE event = 'activated'"
                                    + " AND element_type NOT IN ('PROCESS', 'SEQUENCE_FLOW')")
                            .get(0, Long.class)
                    : 0;
        }
        return db.fetchOne(kind.count).get(0, Long.class);
    }

    /** The element instances the engine's history touched in (from, to]: history has no outbox, it is append-only. */
    List<String> elementsTouched(long fromSeq, long toSeq) {
        return db.fetch(
                        "SELECT DISTINCT element_instance_key::text FROM " + history + " WHERE seq > ? AND seq <= ?"
                                + " AND element_type NOT IN ('PROCESS', 'SEQUENCE_FLOW')",
                        fromSeq,
                        toSeq)
                .getValues(0, String.class);
    }

    long lastHistorySeq() {
        return engineHistoryHere()
                ? db.fetchOne("SELECT coalesce(max(seq), 0) FROM " + history).get(0, Long.class)
                : 0;
    }

    boolean engineHistoryHere() {
        return db.fetchOne("SELECT to_regclass(?) IS NOT NULL", history).get(0, Boolean.class);
    }

    private List<Map<String, Object>> read(Kind kind, String where, String order, Object binding) {
        String sql;
        Function<Record, Map<String, Object>> document;
        switch (kind) {
            case CASE -> {
                // set-based over the page of cases (one pass each over their tasks and decisions, joined by hash),
                // not sub-selects per case: the rebuild reads a million cases
                sql = "WITH page AS (SELECT a.* FROM application a WHERE a.status <> 'draft' AND " + where + order
                        + "), groups AS (SELECT t.case_id,"
                        + "   array_agg(DISTINCT substring(g FROM 17)) FILTER (WHERE g LIKE 'register-holder:%') AS holders,"
                        + "   array_agg(DISTINCT substring(g FROM 18)) FILTER (WHERE g LIKE 'ethics-committee:%') AS committees"
                        + "   FROM page p JOIN user_task t ON t.case_id = p.id, unnest(t.candidate_groups) g"
                        + "   WHERE g LIKE 'register-holder:%' OR g LIKE 'ethics-committee:%' GROUP BY t.case_id),"
                        + " decisions AS (SELECT c.application_id, min(c.changed_at) AS decided_at,"
                        + "   (array_agg(c.status ORDER BY c.changed_at))[1] AS outcome"
                        + "   FROM page p JOIN application_status_change c ON c.application_id = p.id"
                        + "   WHERE c.status IN " + DECISIONS + " GROUP BY c.application_id)"
                        + " SELECT a.id::text, a.title, a.form_data ->> 'description', a.form_data ->> 'teamMembers',"
                        + " a.applicant, a.status, a.type, a.form_data ->> 'purpose',"
                        + " ARRAY(SELECT jsonb_array_elements_text(coalesce(a.form_data -> 'datasets', '[]'::jsonb))),"
                        + " coalesce(g.holders, '{}'), coalesce(g.committees, '{}'),"
                        + " a.submitted_at, a.updated_at, l.due_at, l.started_at, d.decided_at, d.outcome"
                        + " FROM page a LEFT JOIN legal_clock l ON l.case_id = a.id"
                        + " LEFT JOIN groups g ON g.case_id = a.id LEFT JOIN decisions d ON d.application_id = a.id";
                order = order.isEmpty() ? "" : " ORDER BY a.id";
                OffsetDateTime now = OffsetDateTime.now();
                document = r -> caseDocument(r, now);
            }
            case TASK -> {
                sql = "SELECT t.job_key::text, t.element_id, t.form_id, t.case_id::text, a.type, a.title,"
                        + " t.candidate_groups, t.assignee, t.state, t.created_at, t.closed_at, t.due_at"
                        + " FROM user_task t LEFT JOIN application a ON a.id = t.case_id WHERE " + where;
                document = SearchDocuments::taskDocument;
            }
            case STATEMENT -> {
                sql = "SELECT s.id::text, s.committee_id, c.name, s.reference_number, s.outcome, s.statement_text,"
                        + " s.statement_date::text, s.valid_until::text, a.title, a.applicant, s.case_id::text"
                        + " FROM ethics_statement s JOIN ethics_committee c ON c.id = s.committee_id"
                        + " LEFT JOIN application a ON a.id = s.case_id WHERE " + where;
                document = SearchDocuments::statementDocument;
            }
            case PERMIT -> {
                sql = "SELECT p.case_id::text, p.permit_holder, p.title, p.purpose, p.datasets, p.valid_until::text,"
                        + " p.published_at FROM public_permit p WHERE " + where;
                document = r -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("id", r.get(0, String.class));
                    d.put("permitHolder", r.get(1, String.class));
                    d.put("title", r.get(2, String.class));
                    d.put("purpose", r.get(3, String.class));
                    d.put("datasets", r.get(4, String.class));
                    d.put("validUntil", r.get(5, String.class));
                    d.put("publishedAt", text(r.get(6, OffsetDateTime.class)));
                    return d;
                };
            }
            default -> {
                sql = "SELECT a.element_instance_key::text, a.bpmn_process_id, a.element_id, a.element_type, a.at,"
                        + " (SELECT min(c.at) FROM " + history
                        + " c WHERE c.element_instance_key = a.element_instance_key"
                        + "   AND c.event = 'completed'),"
                        + " (SELECT min(c.at) FROM " + history
                        + " c WHERE c.element_instance_key = a.element_instance_key"
                        + "   AND c.event = 'terminated')"
                        + " FROM " + history + " a WHERE a.event = 'activated'"
                        + " AND a.element_type NOT IN ('PROCESS', 'SEQUENCE_FLOW') AND " + where;
                document = SearchDocuments::elementDocument;
            }
        }
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Record r : db.fetch(sql + order, binding)) {
            documents.add(document.apply(r));
        }
        return documents;
    }

    private static Map<String, Object> caseDocument(Record r, OffsetDateTime now) {
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
        OffsetDateTime submitted = r.get(11, OffsetDateTime.class);
        OffsetDateTime due = r.get(13, OffsetDateTime.class);
        OffsetDateTime started = r.get(14, OffsetDateTime.class);
        OffsetDateTime decided = r.get(15, OffsetDateTime.class);
        d.put("submittedAt", text(submitted));
        d.put("updatedAt", text(r.get(12, OffsetDateTime.class)));
        d.put("decisionDueAt", text(due));
        d.put("overdue", due != null && due.isBefore(now) && !CaseSearch.DECIDED.contains(r.get(5, String.class)));
        // what the managers' figures aggregate: the first decision, its time and whether it kept the deadline
        d.put("clockStartedAt", text(started));
        d.put("clockSlackSeconds", seconds(started, due));
        d.put("decidedAt", text(decided));
        d.put("outcome", r.get(16, String.class));
        d.put("secondsToDecision", seconds(submitted, decided));
        d.put("clockToDecisionSeconds", seconds(started, decided));
        d.put("withinDeadline", decided == null ? null : due != null && !decided.isAfter(due) ? 1 : 0);
        return d;
    }

    private static Map<String, Object> taskDocument(Record r) {
        Map<String, Object> d = new LinkedHashMap<>();
        String[] groups = r.get(6, String[].class);
        OffsetDateTime created = r.get(9, OffsetDateTime.class);
        OffsetDateTime closed = r.get(10, OffsetDateTime.class);
        OffsetDateTime due = r.get(11, OffsetDateTime.class);
        d.put("id", r.get(0, String.class));
        d.put("element", r.get(1, String.class));
        d.put("form", r.get(2, String.class));
        d.put("caseId", r.get(3, String.class));
        d.put("caseType", r.get(4, String.class));
        d.put("caseTitle", r.get(5, String.class));
        d.put("candidateGroups", groups == null ? List.of() : Arrays.asList(groups));
        // the consulted holder: the first candidate group, as the holders' figure has always read it
        d.put(
                "holder",
                groups != null && groups.length > 0 && groups[0].startsWith("register-holder:")
                        ? groups[0].substring("register-holder:".length())
                        : null);
        d.put("assignee", r.get(7, String.class));
        d.put("state", r.get(8, String.class));
        d.put("createdAt", text(created));
        d.put("closedAt", text(closed));
        d.put("dueAt", text(due));
        d.put("durationSeconds", seconds(created, closed));
        d.put("onTime", closed == null ? null : due != null && !closed.isAfter(due) ? 1 : 0);
        return d;
    }

    private static Map<String, Object> statementDocument(Record r) {
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
        return d;
    }

    private static Map<String, Object> elementDocument(Record r) {
        Map<String, Object> d = new LinkedHashMap<>();
        OffsetDateTime activated = r.get(4, OffsetDateTime.class);
        OffsetDateTime completed = r.get(5, OffsetDateTime.class);
        OffsetDateTime terminated = r.get(6, OffsetDateTime.class);
        d.put("id", r.get(0, String.class));
        d.put("process", r.get(1, String.class));
        d.put("element", r.get(2, String.class));
        d.put("elementType", r.get(3, String.class));
        d.put("state", completed != null ? "completed" : terminated != null ? "terminated" : "active");
        d.put("activatedAt", text(activated));
        d.put("completedAt", text(completed));
        d.put("terminatedAt", text(terminated));
        d.put("durationSeconds", seconds(activated, completed));
        return d;
    }

    /** Seconds between two times, to the microsecond as PostgreSQL's {@code extract(epoch ...)} gives them. */
    private static Double seconds(OffsetDateTime from, OffsetDateTime to) {
        return from == null || to == null ? null : Duration.between(from, to).toNanos() / 1e9;
    }

    private static String text(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}

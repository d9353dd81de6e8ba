package org.isaacus.tasks;

import static org.isaacus.db.Tables.USER_TASK;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.isaacus.db.tables.records.UserTaskRecord;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

@Repository
class UserTaskRepository {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final DSLContext db;
    private final ObjectMapper json;
    private final org.isaacus.forms.FormDefinitions forms;

    UserTaskRepository(DSLContext db, ObjectMapper json, org.isaacus.forms.FormDefinitions forms) {
        this.db = db;
        this.json = json;
        this.forms = forms;
    }

    /** Idempotent: a job handed out again is the same task (its claim is kept). */
    boolean upsertOpen(
            long jobKey,
            long processInstanceKey,
            String elementId,
            String formId,
            UUID caseId,
            List<String> groups,
            String assignee,
            OffsetDateTime dueAt,
            Map<String, String> headers,
            Map<String, Object> variables,
            OffsetDateTime now) {
        int inserted = db.insertInto(USER_TASK)
                .set(USER_TASK.JOB_KEY, jobKey)
                .set(USER_TASK.PROCESS_INSTANCE_KEY, processInstanceKey)
                .set(USER_TASK.ELEMENT_ID, elementId)
                .set(USER_TASK.FORM_ID, formId)
                .set(USER_TASK.CASE_ID, caseId)
                .set(USER_TASK.CANDIDATE_GROUPS, groups.toArray(String[]::new))
                .set(USER_TASK.ASSIGNEE, assignee)
                .set(USER_TASK.DUE_AT, dueAt)
                .set(USER_TASK.HEADERS, toJson(headers))
                .set(USER_TASK.VARIABLES, toJson(variables))
                .set(USER_TASK.CREATED_AT, now)
                .set(USER_TASK.CASE_TITLE, variables.get("title") instanceof String t ? t : "")
                .set(USER_TASK.CASE_TYPE, variables.get("applicationType") instanceof String t ? t : null)
                .set(USER_TASK.DATASETS, texts(variables.get("datasets")))
                .set(USER_TASK.HOLDERS, texts(variables.get("registerHolders")))
                .set(USER_TASK.DECISION_DUE_AT, dateTime(variables.get("decisionDueAt")))
                .onConflict(USER_TASK.JOB_KEY)
                .doNothing()
                .execute();
        return inserted == 1;
    }

    Optional<UserTaskRecord> lock(long jobKey) {
        return db.selectFrom(USER_TASK)
                .where(USER_TASK.JOB_KEY.eq(jobKey))
                .forUpdate()
                .fetchOptional();
    }

    Optional<UserTaskRecord> find(long jobKey) {
        return db.selectFrom(USER_TASK).where(USER_TASK.JOB_KEY.eq(jobKey)).fetchOptional();
    }

    /** At most this many tasks are counted per view; beyond it the list says "more than". */
    static final int COUNT_CAP = 100;

    private static final org.jooq.Field<OffsetDateTime> BY_DUE =
            DSL.field("coalesce({0}, 'infinity'::timestamptz)", OffsetDateTime.class, USER_TASK.DUE_AT);
    private static final org.jooq.Field<OffsetDateTime> BY_DEADLINE =
            DSL.field("coalesce({0}, 'infinity'::timestamptz)", OffsetDateTime.class, USER_TASK.DECISION_DUE_AT);

    /**
     * One page of open tasks: the view and filters as conditions, ordered by the sort key (tasks without a date
     * last) and the job key, starting after the cursor. The sort expressions are the indexes' (V20), so the
     * planner walks an index in order and stops after the page, or gathers a rare group's or filter's few rows.
     */
    List<UserTaskRecord> page(String subject, Set<String> groups, TaskQuery query, OffsetDateTime now) {
        return pageQuery(subject, groups, query, now).fetch();
    }

    /**
     * Below this many open tasks in a person's groups they are gathered and sorted; above it the sort index is
     * walked in order. Gathering costs about one unit per task of the groups, walking about (all open tasks / tasks
     * of the groups) per task of the page, so the two break even near the square root of a page times all open
     * tasks (about 7,000 at 1M); never below this floor.
     */
    static final int SMALL_AUDIENCE_FLOOR = 1_000;

    /** Whether a set of groups holds few open tasks, and when a person with them last asked for a page. */
    private record Audience(boolean small, long lastAskedMillis) {}

    private final java.util.Map<Set<String>, Audience> audiences = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Steers the planner for the rest of the transaction when the person's groups hold few open tasks. Their
     * share is then too small for the statistics (a group missing from them is guessed at about half a percent),
     * and the planner walks the whole sort index in order expecting a page soon: seconds at 1M tasks for an
     * applicant or a small committee. Gathering the few rows through the indexes and sorting them is milliseconds.
     * A set of groups is measured when first seen, then again each minute off the request path ({@link
     * #remeasureAudiences}).
     */
    void planFor(Set<String> groups) {
        var known = audiences.get(groups);
        boolean small = known != null ? known.small() : measureAudience(db, groups);
        audiences.put(Set.copyOf(groups), new Audience(small, System.currentTimeMillis()));
        gatherRowsThroughIndexes(db, small);
    }

    @org.springframework.scheduling.annotation.Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void remeasureAudiences() {
        long forgetBefore =
                System.currentTimeMillis() - java.time.Duration.ofMinutes(10).toMillis();
        audiences.entrySet().removeIf(e -> e.getValue().lastAskedMillis() < forgetBefore);
        for (var entry : audiences.entrySet()) {
            boolean small = db.transactionResult(tx -> measureAudience(tx.dsl(), entry.getKey()));
            audiences.computeIfPresent(entry.getKey(), (k, v) -> new Audience(small, v.lastAskedMillis()));
        }
    }

    private boolean measureAudience(DSLContext tx, Set<String> groups) {
        // the entries of the open tasks' sort index: an estimate of the open tasks kept by (auto)analyze
        double open = tx.fetchValue(DSL.field(
                "(SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'user_task_open_due_idx'::regclass)",
                Double.class));
        long small = Math.max(SMALL_AUDIENCE_FLOOR, (long) Math.sqrt(TaskQuery.DEFAULT_LIMIT * open));
        gatherRowsThroughIndexes(tx, true);
        long size = planned(tx)
                .fetchCount(tx.selectOne()
                        .from(USER_TASK)
                        .where(USER_TASK.STATE.eq("OPEN"))
                        .and(DSL.condition(
                                "{0} && {1}::text[]",
                                USER_TASK.CANDIDATE_GROUPS, DSL.val(groups.toArray(String[]::new))))
                        .limit(small + 1));
        return size <= small;
    }

    private static void gatherRowsThroughIndexes(DSLContext tx, boolean yes) {
        tx.execute("SET LOCAL enable_indexscan = " + (yes ? "off" : "on"));
        tx.execute("SET LOCAL enable_seqscan = " + (yes ? "off" : "on"));
    }

    org.jooq.ResultQuery<UserTaskRecord> pageQuery(
            String subject, Set<String> groups, TaskQuery query, OffsetDateTime now) {
        var sortKey = query.sort() == TaskQuery.Sort.DEADLINE ? BY_DEADLINE : BY_DUE;
        org.jooq.Condition after = DSL.noCondition();
        if (query.after() != null) {
            after = DSL.condition(
                    "({0}, {1}) > (coalesce({2}::timestamptz, 'infinity'::timestamptz), {3})",
                    sortKey,
                    USER_TASK.JOB_KEY,
                    DSL.val(query.after().sortValue()),
                    DSL.val(query.after().jobKey()));
        }
        return planned()
                .selectFrom(USER_TASK)
                .where(where(subject, groups, query, now))
                .and(after)
                .orderBy(sortKey, USER_TASK.JOB_KEY)
                .limit(query.limit() + 1);
    }

    /** How many open tasks the query's view holds with its filters, up to {@link #COUNT_CAP} + 1. */
    int count(String subject, Set<String> groups, TaskQuery query, OffsetDateTime now) {
        return planned().fetchCount(countQuery(subject, groups, query, now));
    }

    org.jooq.Select<?> countQuery(String subject, Set<String> groups, TaskQuery query, OffsetDateTime now) {
        // ordered as the page is: the count then walks the same index the same way and stops at the cap
        return db.selectOne()
                .from(USER_TASK)
                .where(where(subject, groups, query, now))
                .orderBy(query.sort() == TaskQuery.Sort.DEADLINE ? BY_DEADLINE : BY_DUE, USER_TASK.JOB_KEY)
                .limit(COUNT_CAP + 1);
    }

    /**
     * The list's queries with their values written into the SQL, not bound: a prepared statement's generic plan
     * cannot know whether a group holds half of all tasks (the officers') or a handful (a committee's), and the
     * best plans for the two differ by three orders of magnitude (docs/benchmarks.md, "Task list"). jOOQ escapes
     * the values it inlines.
     */
    private DSLContext planned() {
        return planned(db);
    }

    private static DSLContext planned(DSLContext db) {
        return DSL.using(db.configuration()
                .derive(org.jooq.conf.SettingsTools.clone(db.settings())
                        .withStatementType(org.jooq.conf.StatementType.STATIC_STATEMENT)));
    }

    private static org.jooq.Condition where(String subject, Set<String> groups, TaskQuery query, OffsetDateTime now) {
        var inMyGroups =
                DSL.condition("{0} && {1}::text[]", USER_TASK.CANDIDATE_GROUPS, DSL.val(groups.toArray(String[]::new)));
        var personal = DSL.condition("cardinality({0}) = 0", USER_TASK.CANDIDATE_GROUPS);
        var condition = USER_TASK
                .STATE
                .eq("OPEN")
                .and(
                        switch (query.view()) {
                            case MINE -> USER_TASK.ASSIGNEE.eq(subject).and(personal.or(inMyGroups));
                            case UNASSIGNED -> USER_TASK.ASSIGNEE.isNull().and(inMyGroups);
                            case ALL ->
                                inMyGroups.or(USER_TASK.ASSIGNEE.eq(subject).and(personal));
                        });
        if (query.step() != null) {
            condition = condition.and(USER_TASK.FORM_ID.eq(query.step()));
        }
        if (query.caseType() != null) {
            condition = condition.and(USER_TASK.CASE_TYPE.eq(query.caseType()));
        }
        if (query.dataset() != null) {
            condition = condition.and(DSL.condition("{0} @> array[{1}]::text[]", USER_TASK.DATASETS, query.dataset()));
        }
        if (query.holder() != null) {
            condition = condition.and(DSL.condition("{0} @> array[{1}]::text[]", USER_TASK.HOLDERS, query.holder()));
        }
        if (query.due() == TaskQuery.Due.OVERDUE) {
            condition = condition.and(BY_DUE.lt(now));
        } else if (query.due() == TaskQuery.Due.WEEK) {
            condition = condition.and(BY_DUE.ge(now)).and(BY_DUE.lt(now.plusDays(7)));
        }
        if (query.caseNumber() != null) {
            condition = condition.and(USER_TASK.CASE_ID.eq(query.caseNumber()));
        } else if (query.text() != null) {
            condition = condition.and(USER_TASK.CASE_TITLE.likeIgnoreCase("%" + escapeLike(query.text()) + "%", '\\'));
        }
        return condition;
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** Unassigns the open group tasks this person holds but whose groups they no longer belong to. */
    List<UserTaskRecord> releaseClaimsOutside(String subject, Set<String> groups) {
        return db.update(USER_TASK)
                .setNull(USER_TASK.ASSIGNEE)
                .where(USER_TASK.STATE.eq("OPEN"))
                .and(USER_TASK.ASSIGNEE.eq(subject))
                .and(DSL.condition("cardinality({0}) > 0", USER_TASK.CANDIDATE_GROUPS))
                .andNot(DSL.condition(
                        "{0} && {1}::text[]", USER_TASK.CANDIDATE_GROUPS, DSL.val(groups.toArray(String[]::new))))
                .returning()
                .fetch();
    }

    List<Long> openJobKeys(int limit) {
        return db.select(USER_TASK.JOB_KEY)
                .from(USER_TASK)
                .where(USER_TASK.STATE.eq("OPEN"))
                .orderBy(USER_TASK.CREATED_AT)
                .limit(limit)
                .fetch(USER_TASK.JOB_KEY);
    }

    void assign(long jobKey, String assignee) {
        db.update(USER_TASK)
                .set(USER_TASK.ASSIGNEE, assignee)
                .where(USER_TASK.JOB_KEY.eq(jobKey))
                .execute();
    }

    boolean close(long jobKey, String state, String by, OffsetDateTime now) {
        return close(jobKey, state, by, now, null);
    }

    /** Closes an open task, keeping what its person answered; false when it was closed already. */
    boolean close(long jobKey, String state, String by, OffsetDateTime now, Map<String, Object> answer) {
        JSONB answered;
        try {
            answered = answer == null ? null : JSONB.valueOf(json.writeValueAsString(answer));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return db.update(USER_TASK)
                        .set(USER_TASK.STATE, state)
                        .set(USER_TASK.CLOSED_AT, now)
                        .set(USER_TASK.CLOSED_BY, by)
                        .set(USER_TASK.ANSWER, answered)
                        .where(USER_TASK.JOB_KEY.eq(jobKey))
                        .and(USER_TASK.STATE.eq("OPEN"))
                        .execute()
                == 1;
    }

    /** The task as its people see it: only the variables its form needs (the rest stays on the server). */
    UserTask view(UserTaskRecord r) {
        Map<String, Object> variables = new java.util.LinkedHashMap<>(variables(r));
        variables.keySet().retainAll(forms.shownVariables(r.getFormId()));
        return new UserTask(
                r.getJobKey(),
                r.getProcessInstanceKey(),
                r.getCaseId(),
                r.getElementId(),
                r.getFormId(),
                variables.get("title") instanceof String t ? t : "",
                Arrays.asList(r.getCandidateGroups()),
                r.getAssignee(),
                r.getDueAt(),
                r.getDecisionDueAt(),
                r.getCaseType(),
                r.getState(),
                variables,
                r.getCreatedAt());
    }

    Map<String, Object> variables(UserTaskRecord r) {
        try {
            return json.readValue(r.getVariables().data(), MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The case's completed tasks of these forms that kept their answer, oldest first. */
    List<UserTaskRecord> answered(UUID caseId, java.util.Collection<String> formIds) {
        return db.selectFrom(USER_TASK)
                .where(USER_TASK.CASE_ID.eq(caseId))
                .and(USER_TASK.STATE.eq("COMPLETED"))
                .and(USER_TASK.FORM_ID.in(formIds))
                .and(USER_TASK.ANSWER.isNotNull())
                .orderBy(USER_TASK.CLOSED_AT, USER_TASK.JOB_KEY)
                .fetch();
    }

    Map<String, Object> answer(UserTaskRecord r) {
        try {
            return r.getAnswer() == null
                    ? Map.of()
                    : json.readValue(r.getAnswer().data(), MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, String> headers(UserTaskRecord r) {
        try {
            return json.readValue(r.getHeaders().data(), new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String[] texts(Object list) {
        return list instanceof List<?> l ? l.stream().map(String::valueOf).toArray(String[]::new) : new String[0];
    }

    private static OffsetDateTime dateTime(Object value) {
        try {
            return value instanceof String s ? OffsetDateTime.parse(s) : null;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private JSONB toJson(Map<String, ?> data) {
        try {
            return JSONB.valueOf(json.writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

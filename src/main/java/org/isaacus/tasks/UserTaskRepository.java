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
     * last) and the job key, starting after the cursor.
     */
    List<UserTaskRecord> page(String subject, Set<String> groups, TaskQuery query, OffsetDateTime now) {
        return pageQuery(subject, groups, query, now).fetchInto(USER_TASK);
    }

    org.jooq.Select<org.jooq.Record> pageQuery(
            String subject, Set<String> groups, TaskQuery query, OffsetDateTime now) {
        return ranges(subject, groups, query, now, query.limit() + 1);
    }

    /** How many open tasks the query's view holds with its filters, up to {@link #COUNT_CAP} + 1. */
    int count(String subject, Set<String> groups, TaskQuery query, OffsetDateTime now) {
        return planned().fetchCount(countQuery(subject, groups, query, now));
    }

    org.jooq.Select<org.jooq.Record> countQuery(
            String subject, Set<String> groups, TaskQuery query, OffsetDateTime now) {
        // the page's ranges, walked the same way, stopping at the cap
        return ranges(subject, groups, query, now, COUNT_CAP + 1);
    }

    private static final org.jooq.Field<String> GROUP = DSL.field("{0}[1]", String.class, USER_TASK.CANDIDATE_GROUPS);
    private static final org.jooq.Condition ONE_GROUP =
            DSL.condition("cardinality({0}) = 1", USER_TASK.CANDIDATE_GROUPS);
    private static final org.jooq.Condition SEVERAL_GROUPS =
            DSL.condition("cardinality({0}) > 1", USER_TASK.CANDIDATE_GROUPS);
    private static final org.jooq.Condition PERSONAL =
            DSL.condition("cardinality({0}) = 0", USER_TASK.CANDIDATE_GROUPS);

    /**
     * The view as ordered index ranges, each stopping after {@code limit} tasks, merged and cut to {@code limit}:
     * one range per group of the person in the group's sort index (V24), the tasks of several groups (rare) and
     * the person's own tasks. A page then costs about the same whatever share of all open tasks a group holds;
     * "assigned to me" is one range of the assignee index. A task of two of the person's groups is in the range
     * of several groups only, so it is listed once.
     */
    private org.jooq.Select<org.jooq.Record> ranges(
            String subject, Set<String> groups, TaskQuery query, OffsetDateTime now, int limit) {
        var sortKey = query.sort() == TaskQuery.Sort.DEADLINE ? BY_DEADLINE : BY_DUE;
        var open = USER_TASK.STATE.eq("OPEN").and(filters(query, now, sortKey));
        var inMyGroups =
                DSL.condition("{0} && {1}::text[]", USER_TASK.CANDIDATE_GROUPS, DSL.val(groups.toArray(String[]::new)));
        List<org.jooq.Condition> ranges = new java.util.ArrayList<>();
        if (query.view() == TaskQuery.View.MINE) {
            ranges.add(open.and(USER_TASK.ASSIGNEE.eq(subject)).and(PERSONAL.or(inMyGroups)));
        } else {
            var assignment =
                    query.view() == TaskQuery.View.UNASSIGNED ? USER_TASK.ASSIGNEE.isNull() : DSL.noCondition();
            groups.stream()
                    .sorted()
                    .forEach(group ->
                            ranges.add(open.and(ONE_GROUP).and(GROUP.eq(group)).and(assignment)));
            ranges.add(open.and(SEVERAL_GROUPS).and(inMyGroups).and(assignment));
            if (query.view() == TaskQuery.View.ALL) {
                ranges.add(open.and(PERSONAL).and(USER_TASK.ASSIGNEE.eq(subject)));
            }
        }
        var sorted = DSL.field(DSL.name("sort_key"), OffsetDateTime.class);
        org.jooq.Select<org.jooq.Record> merged = null;
        for (var range : ranges) {
            var select = db.select(USER_TASK.asterisk(), sortKey.as(sorted.getName()))
                    .from(USER_TASK)
                    .where(range)
                    .orderBy(sortKey, USER_TASK.JOB_KEY)
                    .limit(limit);
            merged = merged == null ? select : merged.unionAll(select);
        }
        var t = merged.asTable("t");
        return planned()
                .select(t.fields(USER_TASK.fields())) // not the sort key: JDBC cannot read 'infinity' into a date
                .from(t)
                .orderBy(t.field(sorted), t.field(USER_TASK.JOB_KEY.getName()))
                .limit(limit);
    }

    /**
     * The list's queries with their values written into the SQL, not bound: a prepared statement's generic plan
     * cannot know whether a filter keeps most of a group's tasks or a handful, and the best plans for the two
     * differ by orders of magnitude (docs/benchmarks.md, "Task list"). jOOQ escapes the values it inlines.
     */
    private DSLContext planned() {
        return DSL.using(db.configuration()
                .derive(org.jooq.conf.SettingsTools.clone(db.settings())
                        .withStatementType(org.jooq.conf.StatementType.STATIC_STATEMENT)));
    }

    /** The filters, and the cursor: past the last task of the previous page in the sort order. */
    private static org.jooq.Condition filters(
            TaskQuery query, OffsetDateTime now, org.jooq.Field<OffsetDateTime> sortKey) {
        var condition = DSL.noCondition();
        if (query.after() != null) {
            condition = DSL.condition(
                    "({0}, {1}) > (coalesce({2}::timestamptz, 'infinity'::timestamptz), {3})",
                    sortKey,
                    USER_TASK.JOB_KEY,
                    DSL.val(query.after().sortValue()),
                    DSL.val(query.after().jobKey()));
        }
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
            condition = condition.and(TITLE_PHRASE.likeIgnoreCase(
                    DSL.concat(DSL.inline("%"), phrase(DSL.inline(query.text())), DSL.inline("%"))));
            // one word of plain letters and digits other than q is found in the phrase exactly where it is in the
            // title; anything else is checked against the title too (a second condition also halves the planner's
            // estimate, and at 10k it then gathered and sorted "diabetes" instead of walking the list's order)
            if (!query.text().chars().allMatch(UserTaskRepository::plainLetter)) {
                condition =
                        condition.and(USER_TASK.CASE_TITLE.likeIgnoreCase("%" + escapeLike(query.text()) + "%", '\\'));
            }
        }
        return condition;
    }

    /**
     * The title as its phrase index (V25) holds it: runs of other characters than letters and digits as one 'q',
     * so trigrams span words. Written in SQL for the text asked too, so both sides agree on what a letter is; the
     * result has no LIKE wildcards left to escape.
     */
    private static org.jooq.Field<String> phrase(org.jooq.Field<String> text) {
        return DSL.field("regexp_replace({0}, '[^[:alnum:]]+', 'q', 'g')", String.class, text);
    }

    private static final org.jooq.Field<String> TITLE_PHRASE = phrase(USER_TASK.CASE_TITLE);

    private static boolean plainLetter(int c) {
        return c < 128 && Character.isLetterOrDigit(c) && c != 'q' && c != 'Q';
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
        return db.update(USER_TASK)
                        .set(USER_TASK.STATE, state)
                        .set(USER_TASK.CLOSED_AT, now)
                        .set(USER_TASK.CLOSED_BY, by)
                        .set(USER_TASK.ANSWER, answer == null ? null : toJson(answer))
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
                r.getCreatedAt(),
                Map.of());
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

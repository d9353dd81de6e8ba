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

    List<UserTaskRecord> openFor(String subject, Set<String> groups) {
        return db.selectFrom(USER_TASK)
                .where(USER_TASK.STATE.eq("OPEN"))
                .and(USER_TASK
                        .ASSIGNEE
                        .eq(subject)
                        .and(DSL.condition("cardinality({0}) = 0", USER_TASK.CANDIDATE_GROUPS))
                        .or(DSL.condition(
                                "{0} && {1}::text[]",
                                USER_TASK.CANDIDATE_GROUPS, DSL.val(groups.toArray(String[]::new)))))
                .orderBy(USER_TASK.DUE_AT.asc().nullsLast(), USER_TASK.CREATED_AT)
                .fetch();
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
        return db.update(USER_TASK)
                        .set(USER_TASK.STATE, state)
                        .set(USER_TASK.CLOSED_AT, now)
                        .set(USER_TASK.CLOSED_BY, by)
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

    Map<String, String> headers(UserTaskRecord r) {
        try {
            return json.readValue(r.getHeaders().data(), new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
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

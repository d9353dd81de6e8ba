package org.isaacus.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.isaacus.db.Tables.USER_TASK;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.isaacus.engine.ProcessIds;
import org.isaacus.support.IntegrationTest;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class UserTaskReadModelIT extends IntegrationTest {

    @Autowired
    UserTaskRepository tasks;

    @Autowired
    DSLContext db;

    @Test
    void aJobHandedOutAgainIsTheSameTask() {
        long jobKey = System.nanoTime();
        var now = OffsetDateTime.now();
        assertThat(deliver(jobKey, now)).isTrue();
        tasks.assign(jobKey, "olli");
        assertThat(deliver(jobKey, now)).isFalse();
        assertThat(db.fetchCount(USER_TASK, USER_TASK.JOB_KEY.eq(jobKey))).isEqualTo(1);
        assertThat(tasks.find(jobKey).orElseThrow().getAssignee())
                .as("claim survives re-delivery")
                .isEqualTo("olli");
    }

    /** What the user-task worker does when the engine hands out that job. */
    private boolean deliver(long jobKey, OffsetDateTime now) {
        return tasks.upsertOpen(
                jobKey,
                1L,
                "Task_X",
                "decision-draft",
                null,
                List.of("permit-officer"),
                null,
                null,
                Map.of(),
                Map.of(),
                now);
    }

    @Test
    void aTaskTheEngineCancelsLeavesTheList() {
        UUID caseId = UUID.randomUUID();
        camunda.newPublishMessageCommand()
                .messageName(ProcessIds.MESSAGE_APPLICATION_SUBMITTED)
                .correlationKey(caseId.toString())
                .variables(Map.of(
                        "caseId",
                        caseId.toString(),
                        "applicationType",
                        "data-permit",
                        "purpose",
                        "statistics",
                        "healthData",
                        false,
                        "consentObtained",
                        false,
                        "title",
                        "To be cancelled"))
                .send()
                .join();
        var task = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> db.selectFrom(USER_TASK)
                                .where(USER_TASK.CASE_ID.eq(caseId))
                                .fetchOptional(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(task.getState()).isEqualTo("OPEN");
        assertThat(task.getFormId()).isEqualTo("completeness-check");
        assertThat(task.getCandidateGroups()).containsExactly("permit-officer");
        assertThat(task.getDueAt()).isAfter(OffsetDateTime.now().plusDays(13));

        camunda.newCancelInstanceCommand(task.getProcessInstanceKey()).send().join();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> tasks.find(task.getJobKey()).orElseThrow().getState(), "CANCELLED"::equals);
    }
}

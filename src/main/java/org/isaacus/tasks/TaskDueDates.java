package org.isaacus.tasks;

import static org.isaacus.db.Tables.USER_TASK;

import org.isaacus.clock.LegalClock;
import org.jooq.DSLContext;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Open tasks that were due by the decision deadline (drafting and approving the decision) move with it when an
 * officer extends it, and every open task of the case shows the new deadline; the engine's own due date header stays as it was issued, the task list shows the new one.
 */
@Component
class TaskDueDates {

    private final DSLContext db;

    TaskDueDates(DSLContext db) {
        this.db = db;
    }

    @ApplicationModuleListener
    void on(LegalClock.DecisionDeadlineExtended extended) {
        db.update(USER_TASK)
                .set(USER_TASK.DECISION_DUE_AT, extended.newDue())
                .where(USER_TASK.CASE_ID.eq(extended.caseId()))
                .and(USER_TASK.STATE.eq("OPEN"))
                .execute();
        db.update(USER_TASK)
                .set(USER_TASK.DUE_AT, extended.newDue())
                .where(USER_TASK.CASE_ID.eq(extended.caseId()))
                .and(USER_TASK.STATE.eq("OPEN"))
                .and(USER_TASK.DUE_AT.eq(extended.oldDue()))
                .execute();
    }
}

package org.isaacus.engine;

import static org.isaacus.db.Tables.STAGE_EVENT;

import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** What a simple worker did, once per job: the record the later compilation and delivery workers replace. */
@Component
public class StageLog {

    private final DSLContext db;

    StageLog(DSLContext db) {
        this.db = db;
    }

    @Transactional
    public void record(long jobKey, String caseId, String step, String holder, String detail) {
        db.insertInto(STAGE_EVENT)
                .set(STAGE_EVENT.JOB_KEY, jobKey)
                .set(STAGE_EVENT.CASE_ID, caseId == null ? null : UUID.fromString(caseId))
                .set(STAGE_EVENT.STEP, step)
                .set(STAGE_EVENT.HOLDER, holder)
                .set(STAGE_EVENT.DETAIL, detail == null ? "" : detail)
                .onConflictDoNothing()
                .execute();
    }
}

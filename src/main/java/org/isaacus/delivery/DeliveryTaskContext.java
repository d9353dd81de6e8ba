package org.isaacus.delivery;

import static org.isaacus.db.Tables.DELETION_RECORD;

import java.util.Map;
import java.util.UUID;
import org.isaacus.tasks.TaskContext;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/** Shows the officer confirming deletion what was deleted, when, and its checksums. */
@Component
class DeliveryTaskContext implements TaskContext {

    private final DSLContext db;

    DeliveryTaskContext(DSLContext db) {
        this.db = db;
    }

    @Override
    public Map<String, Object> variables(String formId, UUID caseId, Map<String, Object> task) {
        if (!"deletion-evidence".equals(formId) || caseId == null) {
            return Map.of();
        }
        return db.selectFrom(DELETION_RECORD)
                .where(DELETION_RECORD.CASE_ID.eq(caseId))
                .fetchOptional(r -> Map.<String, Object>of(
                        "deletionRecord",
                        (r.getCompletedAt() == null ? "NOT YET COMPLETE: evidence taken " : "deleted ")
                                + r.getDeletedAt() + " by " + r.getDeletedBy() + " from the " + r.getLocation()
                                + "; files and SHA-256 checksums: "
                                + r.getFiles().data()))
                .orElse(Map.of());
    }
}

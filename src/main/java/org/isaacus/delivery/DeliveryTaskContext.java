package org.isaacus.delivery;

import static org.isaacus.db.Tables.DELETION_RECORD;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.isaacus.clock.Deadlines;
import org.isaacus.tasks.TaskContext;
import org.jooq.DSLContext;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Shows the officer confirming deletion what was deleted, when, and its checksums: kept with the task as the
 * record has it, said in the reader's language when it is shown.
 */
@Component
class DeliveryTaskContext implements TaskContext {

    private final DSLContext db;
    private final MessageSource messages;

    DeliveryTaskContext(DSLContext db, MessageSource messages) {
        this.db = db;
        this.messages = messages;
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
                        Map.of(
                                "completed", r.getCompletedAt() != null,
                                "deletedAt", r.getDeletedAt().toString(),
                                "deletedBy", r.getDeletedBy(),
                                "location", r.getLocation(),
                                "files", r.getFiles().data())))
                .orElse(Map.of());
    }

    @Override
    public Map<String, Object> words(String formId, Map<String, Object> task, Locale locale) {
        // tasks opened before the record was kept as data hold its English text already
        if (!(task.get("deletionRecord") instanceof Map<?, ?> record)) {
            return Map.of();
        }
        String at = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale)
                .format(OffsetDateTime.parse(String.valueOf(record.get("deletedAt")))
                        .atZoneSameInstant(Deadlines.AUTHORITY_ZONE));
        return Map.of(
                "deletionRecord",
                messages.getMessage(
                        Boolean.TRUE.equals(record.get("completed"))
                                ? "delivery.deletion.done"
                                : "delivery.deletion.pending",
                        new Object[] {
                            at,
                            record.get("deletedBy"),
                            new org.springframework.context.support.DefaultMessageSourceResolvable(
                                    new String[] {"delivery.location." + record.get("location")},
                                    String.valueOf(record.get("location"))),
                            record.get("files")
                        },
                        locale));
    }
}

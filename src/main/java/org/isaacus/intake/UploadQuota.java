package org.isaacus.intake;

import static org.isaacus.db.Tables.ATTACHMENT;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.isaacus.forms.InvalidInputException;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * How much one application and one person may upload: an application holds at most a few files of bounded total
 * size (checked under the application's row lock), and a person uploads at most so much in a day (a script
 * filling the database through many drafts is stopped with 429).
 */
@Component
class UploadQuota {

    private final DSLContext db;
    private final int filesPerCase;
    private final long bytesPerCase;
    private final int filesPerDay;
    private final long bytesPerDay;
    private final org.springframework.context.support.MessageSourceAccessor messages;

    UploadQuota(
            DSLContext db,
            @Value("${isaacus.intake.quota.files-per-application:10}") int filesPerCase,
            @Value("${isaacus.intake.quota.bytes-per-application:52428800}") long bytesPerCase,
            @Value("${isaacus.intake.quota.files-per-person-per-day:50}") int filesPerDay,
            @Value("${isaacus.intake.quota.bytes-per-person-per-day:209715200}") long bytesPerDay,
            org.springframework.context.MessageSource messages) {
        this.messages = new org.springframework.context.support.MessageSourceAccessor(messages);
        this.db = db;
        this.filesPerCase = filesPerCase;
        this.bytesPerCase = bytesPerCase;
        this.filesPerDay = filesPerDay;
        this.bytesPerDay = bytesPerDay;
    }

    void check(UUID applicationId, String person, long bytes, OffsetDateTime now) {
        var ofCase = db.select(
                        DSL.count(),
                        DSL.coalesce(DSL.sum(ATTACHMENT.SIZE_BYTES), DSL.inline(java.math.BigDecimal.ZERO)))
                .from(ATTACHMENT)
                .where(ATTACHMENT.APPLICATION_ID.eq(applicationId))
                .fetchOne();
        if (ofCase.value1() + 1 > filesPerCase) {
            throw new InvalidInputException(
                    Map.of("file", messages.getMessage("upload.error.files-per-case", new Object[] {filesPerCase})));
        }
        if (ofCase.value2().longValue() + bytes > bytesPerCase) {
            throw new InvalidInputException(Map.of(
                    "file",
                    messages.getMessage("upload.error.bytes-per-case", new Object[] {bytesPerCase / (1024 * 1024)})));
        }
        var ofPerson = db.select(
                        DSL.count(),
                        DSL.coalesce(DSL.sum(ATTACHMENT.SIZE_BYTES), DSL.inline(java.math.BigDecimal.ZERO)))
                .from(ATTACHMENT)
                .where(ATTACHMENT.UPLOADED_BY.eq(person))
                .and(ATTACHMENT.UPLOADED_AT.gt(now.minus(Duration.ofDays(1))))
                .fetchOne();
        if (ofPerson.value1() + 1 > filesPerDay || ofPerson.value2().longValue() + bytes > bytesPerDay) {
            throw new org.isaacus.forms.Refusal(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "refusal.upload.per-day",
                    ofPerson.value1(),
                    filesPerDay,
                    bytesPerDay / (1024 * 1024));
        }
    }
}

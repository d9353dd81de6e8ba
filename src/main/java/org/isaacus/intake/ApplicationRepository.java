package org.isaacus.intake;

import static org.isaacus.db.Tables.APPLICATION;
import static org.isaacus.db.Tables.APPLICATION_STATUS_CHANGE;
import static org.isaacus.db.Tables.ATTACHMENT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.isaacus.db.tables.records.ApplicationRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

@Repository
class ApplicationRepository {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final DSLContext db;
    private final ObjectMapper json;

    ApplicationRepository(DSLContext db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    void insert(UUID id, String applicant, String type, OffsetDateTime now) {
        db.insertInto(APPLICATION)
                .set(APPLICATION.ID, id)
                .set(APPLICATION.APPLICANT, applicant)
                .set(APPLICATION.TYPE, type)
                .set(APPLICATION.STATUS, ApplicationStatus.DRAFT.code())
                .set(APPLICATION.CREATED_AT, now)
                .set(APPLICATION.UPDATED_AT, now)
                .execute();
    }

    Optional<ApplicationRecord> find(UUID id) {
        return db.selectFrom(APPLICATION).where(APPLICATION.ID.eq(id)).fetchOptional();
    }

    /** Row lock, so two submissions of one case cannot both pass the status check. */
    Optional<ApplicationRecord> lock(UUID id) {
        return db.selectFrom(APPLICATION)
                .where(APPLICATION.ID.eq(id))
                .forUpdate()
                .fetchOptional();
    }

    List<ApplicationRecord> list(String applicantOrNull) {
        Condition filter = applicantOrNull == null ? DSL.trueCondition() : APPLICATION.APPLICANT.eq(applicantOrNull);
        return db.selectFrom(APPLICATION)
                .where(filter)
                .orderBy(APPLICATION.CREATED_AT.desc())
                .fetch();
    }

    void saveForm(UUID id, String type, String title, Map<String, Object> formData, OffsetDateTime now) {
        db.update(APPLICATION)
                .set(APPLICATION.TYPE, type)
                .set(APPLICATION.TITLE, title)
                .set(APPLICATION.FORM_DATA, toJson(formData))
                .set(APPLICATION.UPDATED_AT, now)
                .where(APPLICATION.ID.eq(id))
                .execute();
    }

    void setStatus(UUID id, ApplicationStatus status, String actor, String reason, OffsetDateTime now) {
        var update =
                db.update(APPLICATION).set(APPLICATION.STATUS, status.code()).set(APPLICATION.UPDATED_AT, now);
        if (status == ApplicationStatus.SUBMITTED) {
            update = update.set(APPLICATION.SUBMITTED_AT, now);
        }
        update.where(APPLICATION.ID.eq(id)).execute();
        db.insertInto(APPLICATION_STATUS_CHANGE)
                .set(APPLICATION_STATUS_CHANGE.APPLICATION_ID, id)
                .set(APPLICATION_STATUS_CHANGE.STATUS, status.code())
                .set(APPLICATION_STATUS_CHANGE.CHANGED_AT, now)
                .set(APPLICATION_STATUS_CHANGE.CHANGED_BY, actor)
                .set(APPLICATION_STATUS_CHANGE.REASON, reason)
                .execute();
    }

    List<PermitApplication.StatusChange> timeline(UUID id) {
        return db.select(
                        APPLICATION_STATUS_CHANGE.STATUS,
                        APPLICATION_STATUS_CHANGE.CHANGED_AT,
                        APPLICATION_STATUS_CHANGE.REASON)
                .from(APPLICATION_STATUS_CHANGE)
                .where(APPLICATION_STATUS_CHANGE.APPLICATION_ID.eq(id))
                .orderBy(APPLICATION_STATUS_CHANGE.ID)
                .fetch(r -> new PermitApplication.StatusChange(r.value1(), r.value2(), r.value3()));
    }

    void insertAttachment(
            UUID id,
            UUID applicationId,
            String kind,
            String filename,
            byte[] content,
            String sha256,
            String uploadedBy,
            OffsetDateTime now) {
        db.insertInto(ATTACHMENT)
                .set(ATTACHMENT.ID, id)
                .set(ATTACHMENT.APPLICATION_ID, applicationId)
                .set(ATTACHMENT.KIND, kind)
                .set(ATTACHMENT.FILENAME, filename)
                .set(ATTACHMENT.CONTENT_TYPE, "application/pdf")
                .set(ATTACHMENT.SIZE_BYTES, content.length)
                .set(ATTACHMENT.SHA256, sha256)
                .set(ATTACHMENT.CONTENT, content)
                .set(ATTACHMENT.UPLOADED_BY, uploadedBy)
                .set(ATTACHMENT.UPLOADED_AT, now)
                .execute();
    }

    List<PermitApplication.AttachmentInfo> attachments(UUID applicationId) {
        return db.select(ATTACHMENT.ID, ATTACHMENT.KIND, ATTACHMENT.FILENAME, ATTACHMENT.SIZE_BYTES, ATTACHMENT.SHA256)
                .from(ATTACHMENT)
                .where(ATTACHMENT.APPLICATION_ID.eq(applicationId))
                .orderBy(ATTACHMENT.UPLOADED_AT)
                .fetch(r -> new PermitApplication.AttachmentInfo(
                        r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    Optional<Attachment> attachment(UUID applicationId, UUID attachmentId) {
        return db.select(ATTACHMENT.FILENAME, ATTACHMENT.CONTENT_TYPE, ATTACHMENT.CONTENT)
                .from(ATTACHMENT)
                .where(ATTACHMENT.APPLICATION_ID.eq(applicationId).and(ATTACHMENT.ID.eq(attachmentId)))
                .fetchOptional(r -> new Attachment(r.value1(), r.value2(), r.value3()));
    }

    Map<String, Object> formData(ApplicationRecord r) {
        try {
            return json.readValue(r.getFormData().data(), MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("form data of " + r.getId() + " is not JSON", e);
        }
    }

    private JSONB toJson(Map<String, Object> data) {
        try {
            return JSONB.valueOf(json.writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    record Attachment(String filename, String contentType, byte[] content) {}
}

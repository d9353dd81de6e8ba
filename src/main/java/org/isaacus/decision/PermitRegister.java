package org.isaacus.decision;

import static org.isaacus.db.Tables.DECISION_DOCUMENT;
import static org.isaacus.db.Tables.PUBLIC_PERMIT;

import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.isaacus.audit.AuditTrail;
import org.isaacus.catalogue.Catalogue;
import org.isaacus.intake.ApplicationService;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * After the decision: the public list of granted permits, appeals against refusals, and the one renewal of a
 * permit's validity.
 */
@Component
public class PermitRegister {

    private final DSLContext db;
    private final Catalogue catalogue;
    private final AuditTrail audit;
    private final Clock clock;
    private final CamundaClient engine;
    private final Permits permits;
    private final ApplicationService applications;

    PermitRegister(
            DSLContext db,
            Catalogue catalogue,
            AuditTrail audit,
            Clock clock,
            CamundaClient engine,
            Permits permits,
            ApplicationService applications) {
        this.permits = permits;
        this.applications = applications;
        this.db = db;
        this.catalogue = catalogue;
        this.audit = audit;
        this.clock = clock;
        this.engine = engine;
    }

    /**
     * A granted amendment (or renewal application) changes the permit it names, and only in what it asked for:
     * an amendment its persons, its validity or both, a renewal application its validity. The permit's own
     * process receives the change and re-arms its expiry timers. The message id makes a redelivered job harmless.
     */
    @JobWorker(type = "amend-permit")
    public void amend(
            @Variable String caseId,
            @Variable String existingPermit,
            @Variable String applicationType,
            @Variable String validUntil,
            @Variable List<String> permittedPersons) {
        Set<String> changes = "renewal".equals(applicationType)
                ? Set.of("validity")
                : Set.copyOf(DecisionTaskContext.strings(applications
                        .caseFile(UUID.fromString(caseId))
                        .formData()
                        .get("amendmentChanges")));
        Map<String, Object> amendment = new HashMap<>();
        // every key is sent, so a value left by an earlier amendment in the permit's scope is overwritten
        amendment.put("amendedValidUntil", changes.contains("validity") ? validUntil.substring(0, 10) : null);
        amendment.put("amendedPersons", changes.contains("persons") ? permittedPersons : null);
        amendment.put("amendingCase", caseId);
        amendment.put("amendingType", applicationType);
        try {
            engine.newPublishMessageCommand()
                    .messageName("permit-amended")
                    .correlationKey(existingPermit)
                    .messageId("amended-by-" + caseId)
                    .timeToLive(java.time.Duration.ofDays(7))
                    .variables(amendment)
                    .send()
                    .join();
        } catch (ClientStatusException e) {
            if (e.getStatusCode() != Status.Code.ALREADY_EXISTS) {
                throw e;
            }
        }
    }

    /** The permit's side of an amendment: its persons and end of validity as the amendment granted them. */
    @JobWorker(type = "record-amendment")
    @Transactional
    public Map<String, Object> recordAmendment(
            @Variable String caseId,
            @Variable String amendedValidUntil,
            @Variable List<String> amendedPersons,
            @Variable String amendingCase,
            @Variable String amendingType,
            @Variable Integer renewals) {
        UUID id = UUID.fromString(caseId);
        Optional<LocalDate> until = Optional.ofNullable(amendedValidUntil).map(LocalDate::parse);
        permits.amend(
                id,
                Optional.ofNullable(amendedPersons),
                until,
                "by case " + amendingCase
                        + (until.map(u -> ", valid until " + u).orElse(""))
                        + (amendedPersons == null ? "" : ", persons " + amendedPersons));
        until.ifPresent(u -> moveEnd(id, u, "permit.amended", "valid until " + u + " by case " + amendingCase));
        until.ifPresent(u -> validityChanged(caseId, u));
        // a renewal application uses the permit's one renewal as a renewal request would
        int used = (renewals == null ? 0 : renewals) + ("renewal".equals(amendingType) ? 1 : 0);
        return Map.of("validUntil", Validity.endOf(permits.require(id).validUntil()), "renewals", used);
    }

    /** Who, for what purpose, which data, how long: no personal data beyond the permit holder. */
    @JobWorker(type = "publish-permit")
    @Transactional
    public void publish(
            @Variable String caseId,
            @Variable String applicant,
            @Variable String title,
            @Variable String purpose,
            @Variable List<String> datasets,
            @Variable String validUntil) {
        var names = catalogue.datasets(datasets == null ? List.of() : datasets).stream()
                .map(d -> d.nameEn() + " (" + d.holderName() + ")")
                .toList();
        int inserted = db.insertInto(PUBLIC_PERMIT)
                .set(PUBLIC_PERMIT.CASE_ID, UUID.fromString(caseId))
                .set(PUBLIC_PERMIT.PERMIT_HOLDER, applicant)
                .set(PUBLIC_PERMIT.TITLE, title)
                .set(PUBLIC_PERMIT.PURPOSE, purpose)
                .set(PUBLIC_PERMIT.DATASETS, String.join("; ", names))
                .set(
                        PUBLIC_PERMIT.VALID_UNTIL,
                        validUntil == null ? null : LocalDate.parse(validUntil.substring(0, 10)))
                .onConflictDoNothing()
                .execute();
        if (inserted == 1) {
            audit.record("process", "permit.published", UUID.fromString(caseId), title);
        }
    }

    /** An appeal against the decision; a refusal under appeal shows it in its status, a grant in its record. */
    @JobWorker(type = "record-appeal")
    @Transactional
    public void recordAppeal(@Variable String caseId, @Variable String outcome) {
        int updated = db.update(DECISION_DOCUMENT)
                .set(DECISION_DOCUMENT.APPEAL_LODGED_AT, OffsetDateTime.now(clock))
                .where(DECISION_DOCUMENT.APPLICATION_ID.eq(UUID.fromString(caseId)))
                .and(DECISION_DOCUMENT.APPEAL_LODGED_AT.isNull())
                .execute();
        if (updated == 1) {
            audit.record(
                    "process", "decision.appeal-lodged", UUID.fromString(caseId), "appeal to the administrative court");
        }
        if ("refuse".equals(outcome)) {
            applications.changeStatus(
                    UUID.fromString(caseId),
                    org.isaacus.intake.ApplicationStatus.UNDER_APPEAL,
                    "process",
                    "appeal to the administrative court");
        }
    }

    /** The one renewal: the officer's new end date, or one more year when none was given. */
    @JobWorker(type = "extend-validity")
    @Transactional
    public Map<String, Object> extend(
            @Variable String caseId,
            @Variable String validUntil,
            @Variable String newValidUntil,
            @Variable Integer renewals) {
        LocalDate current = LocalDate.parse(validUntil.substring(0, 10));
        LocalDate renewed = newValidUntil == null || newValidUntil.isBlank()
                ? current.plusYears(1)
                : LocalDate.parse(newValidUntil);
        permits.amend(UUID.fromString(caseId), Optional.empty(), Optional.of(renewed), "renewed until " + renewed);
        moveEnd(UUID.fromString(caseId), renewed, "permit.renewed", "valid until " + renewed);
        validityChanged(caseId, renewed);
        return Map.of("validUntil", Validity.endOf(renewed), "renewals", (renewals == null ? 0 : renewals) + 1);
    }

    /**
     * Tells the permit's process that its end moved, with the new end: the wait for expiry is set again from it.
     * Not kept when nobody waits (data still being compiled: the wait starts later from the new value).
     */
    private void validityChanged(String caseId, LocalDate until) {
        engine.newPublishMessageCommand()
                .messageName("permit-validity-changed")
                .correlationKey(caseId)
                .timeToLive(java.time.Duration.ZERO)
                .variables(Map.of("validUntil", Validity.endOf(until)))
                .send()
                .join();
    }

    /** A new end of validity, in the decision's record and in the public list. */
    private void moveEnd(UUID caseId, LocalDate until, String action, String detail) {
        db.update(DECISION_DOCUMENT)
                .set(DECISION_DOCUMENT.RENEWED_UNTIL, until)
                .where(DECISION_DOCUMENT.APPLICATION_ID.eq(caseId))
                .execute();
        db.update(PUBLIC_PERMIT)
                .set(PUBLIC_PERMIT.VALID_UNTIL, until)
                .where(PUBLIC_PERMIT.CASE_ID.eq(caseId))
                .execute();
        audit.record("process", action, caseId, detail);
    }

    public List<PublicPermit> published() {
        return db.selectFrom(PUBLIC_PERMIT)
                .orderBy(PUBLIC_PERMIT.PUBLISHED_AT.desc())
                .fetch(r -> new PublicPermit(
                        r.getCaseId(),
                        r.getPermitHolder(),
                        r.getTitle(),
                        r.getPurpose(),
                        r.getDatasets(),
                        r.getValidUntil()));
    }

    public record PublicPermit(
            UUID caseId, String permitHolder, String title, String purpose, String datasets, LocalDate validUntil) {}
}

package org.isaacus.decision;

import static org.isaacus.db.Tables.DECISION_DOCUMENT;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.isaacus.audit.AuditTrail;
import org.isaacus.catalogue.Catalogue;
import org.isaacus.identity.CurrentUser;
import org.isaacus.intake.ApplicationService;
import org.isaacus.intake.ApplicationStatus;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Issues the decision document of a case, once, and serves it with the case's visibility rule. */
@Service
@Transactional
public class DecisionDocuments {

    private final DSLContext db;
    private final Permits permits;
    private final ApplicationService applications;
    private final Catalogue catalogue;
    private final AuditTrail audit;
    private final Clock clock;
    private final org.isaacus.notification.PersonLanguages languages;

    DecisionDocuments(
            DSLContext db,
            Permits permits,
            ApplicationService applications,
            Catalogue catalogue,
            AuditTrail audit,
            Clock clock,
            org.isaacus.notification.PersonLanguages languages) {
        this.languages = languages;
        this.db = db;
        this.permits = permits;
        this.applications = applications;
        this.catalogue = catalogue;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Idempotent per job key and per case: a re-delivered job finds the document already issued. A grant's permit
     * (null for refusals and amendments) is recorded with the document.
     */
    public void issue(
            long jobKey,
            UUID caseId,
            Permit permit,
            Decision decision,
            String applicant,
            String title,
            List<String> datasetIds) {
        boolean exists = db.fetchExists(DECISION_DOCUMENT, DECISION_DOCUMENT.APPLICATION_ID.eq(caseId));
        if (exists) {
            return;
        }
        String outcome = decision.outcome();
        String reasons = decision.reasons();
        String decidedBy = decision.draftedBy();
        var datasets = catalogue.datasets(datasetIds).stream()
                .map(d -> d.nameEn() + " — " + d.nameFi() + " / " + d.nameSv() + " (" + d.holderName() + ")")
                .toList();
        byte[] pdf = DecisionPdf.render(new DecisionPdf.Content(
                caseId.toString(),
                title,
                applicant,
                outcome,
                reasons,
                decision.conditions(),
                decision.validUntil(),
                datasets,
                permit == null
                        ? List.of()
                        : permit.datasets().stream()
                                .map(d -> d.dataset() + ": " + String.join(", ", d.variables()))
                                .toList(),
                permit == null ? List.of() : permit.persons(),
                decidedBy,
                decision.approvedBy(),
                LocalDate.now(clock),
                // the language the applicant uses the service in, English if they never chose
                languages.of(applicant)));
        db.insertInto(DECISION_DOCUMENT)
                .set(DECISION_DOCUMENT.APPLICATION_ID, caseId)
                .set(DECISION_DOCUMENT.JOB_KEY, jobKey)
                .set(DECISION_DOCUMENT.OUTCOME, outcome)
                .set(DECISION_DOCUMENT.REASONS, reasons)
                .set(DECISION_DOCUMENT.DECIDED_BY, decidedBy)
                .set(DECISION_DOCUMENT.APPROVED_BY, decision.approvedBy())
                .set(DECISION_DOCUMENT.CONDITIONS, decision.conditions())
                .set(DECISION_DOCUMENT.VALID_UNTIL, decision.validUntil())
                .set(DECISION_DOCUMENT.PDF, pdf)
                .onConflictDoNothing()
                .execute();
        audit.record(
                decision.approvedBy() == null ? decidedBy : decision.approvedBy(), "decision.issued", caseId, outcome);
        if (permit != null) {
            permits.record(permit, decidedBy, decision.approvedBy() == null ? decidedBy : decision.approvedBy());
        }
        applications.changeStatus(
                caseId,
                switch (outcome) {
                    case "grant" -> ApplicationStatus.GRANTED;
                    case "grant-with-conditions" -> ApplicationStatus.GRANTED_WITH_CONDITIONS;
                    default -> ApplicationStatus.REFUSED;
                },
                decision.approvedBy() == null ? decidedBy : decision.approvedBy());
    }

    /** The decision as drafted by one officer and approved by another. */
    public record Decision(
            String outcome,
            String reasons,
            String conditions,
            LocalDate validUntil,
            String draftedBy,
            String approvedBy) {}

    @Transactional(readOnly = true)
    public Optional<byte[]> pdf(CurrentUser user, UUID caseId) {
        applications.requireVisible(user, caseId);
        return db.select(DECISION_DOCUMENT.PDF)
                .from(DECISION_DOCUMENT)
                .where(DECISION_DOCUMENT.APPLICATION_ID.eq(caseId))
                .fetchOptional(DECISION_DOCUMENT.PDF);
    }
}

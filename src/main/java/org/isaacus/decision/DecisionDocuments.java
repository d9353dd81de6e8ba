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
    private final ApplicationService applications;
    private final Catalogue catalogue;
    private final AuditTrail audit;
    private final Clock clock;

    DecisionDocuments(
            DSLContext db, ApplicationService applications, Catalogue catalogue, AuditTrail audit, Clock clock) {
        this.db = db;
        this.applications = applications;
        this.catalogue = catalogue;
        this.audit = audit;
        this.clock = clock;
    }

    /** Idempotent per job key and per case: a re-delivered job finds the document already issued. */
    public void issue(
            long jobKey,
            UUID caseId,
            String outcome,
            String reasons,
            String decidedBy,
            String applicant,
            String title,
            List<String> datasetIds) {
        boolean exists = db.fetchExists(DECISION_DOCUMENT, DECISION_DOCUMENT.APPLICATION_ID.eq(caseId));
        if (exists) {
            return;
        }
        var datasets = catalogue.datasets(datasetIds).stream()
                .map(d -> d.nameEn() + " — " + d.nameFi() + " / " + d.nameSv() + " (" + d.holderName() + ")")
                .toList();
        byte[] pdf = DecisionPdf.render(new DecisionPdf.Content(
                caseId.toString(), title, applicant, outcome, reasons, datasets, decidedBy, LocalDate.now(clock)));
        db.insertInto(DECISION_DOCUMENT)
                .set(DECISION_DOCUMENT.APPLICATION_ID, caseId)
                .set(DECISION_DOCUMENT.JOB_KEY, jobKey)
                .set(DECISION_DOCUMENT.OUTCOME, outcome)
                .set(DECISION_DOCUMENT.REASONS, reasons)
                .set(DECISION_DOCUMENT.DECIDED_BY, decidedBy)
                .set(DECISION_DOCUMENT.PDF, pdf)
                .onConflictDoNothing()
                .execute();
        audit.record(decidedBy, "decision.issued", caseId, outcome);
        applications.changeStatus(
                caseId, "grant".equals(outcome) ? ApplicationStatus.GRANTED : ApplicationStatus.REFUSED, decidedBy);
    }

    @Transactional(readOnly = true)
    public Optional<byte[]> pdf(CurrentUser user, UUID caseId) {
        applications.requireVisible(user, caseId);
        return db.select(DECISION_DOCUMENT.PDF)
                .from(DECISION_DOCUMENT)
                .where(DECISION_DOCUMENT.APPLICATION_ID.eq(caseId))
                .fetchOptional(DECISION_DOCUMENT.PDF);
    }
}

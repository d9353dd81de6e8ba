package org.isaacus.decision;

import static org.isaacus.db.Tables.DECISION_DOCUMENT;
import static org.isaacus.db.Tables.REVOCATION_DECISION;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.isaacus.audit.AuditTrail;
import org.isaacus.intake.ApplicationService;
import org.isaacus.intake.ApplicationStatus;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The end of a permit by the authority's or a court's word: the revocation decision, written after the permit
 * holder was heard (Administrative Procedure Act 434/2003 §34) and issued before any data is deleted, and the
 * administrative court's outcome of an appeal.
 */
@Component
public class Revocations {

    private final DSLContext db;
    private final ApplicationService applications;
    private final AuditTrail audit;
    private final Clock clock;

    private final org.isaacus.notification.PersonLanguages languages;

    Revocations(
            DSLContext db,
            ApplicationService applications,
            AuditTrail audit,
            Clock clock,
            org.isaacus.notification.PersonLanguages languages) {
        this.languages = languages;
        this.db = db;
        this.applications = applications;
        this.audit = audit;
        this.clock = clock;
    }

    /** Issues the revocation decision once (the job key and the case key make a redelivered job a no-op). */
    @JobWorker(type = "issue-revocation-decision")
    @Transactional
    public void issue(
            ActivatedJob job,
            @Variable String caseId,
            @Variable String revocationReasons,
            @Variable String hearingStatement,
            @Variable String revocationDecisionBy) {
        UUID id = UUID.fromString(caseId);
        if (db.fetchExists(REVOCATION_DECISION, REVOCATION_DECISION.CASE_ID.eq(id))) {
            return;
        }
        var application = applications.caseFile(id);
        var language = languages.of(application.applicant());
        var texts = DecisionPdf.texts(language);
        String heard = hearingStatement == null || hearingStatement.isBlank()
                ? texts.getString("pdf.heardNone")
                : java.text.MessageFormat.format(texts.getString("pdf.heard"), hearingStatement.strip());
        String reasons = (revocationReasons == null ? "" : revocationReasons.strip()) + "\n" + heard;
        String decidedBy = revocationDecisionBy == null ? "permit officer" : revocationDecisionBy;
        LocalDate today = Validity.today(clock);
        byte[] pdf = DecisionPdf.render(new DecisionPdf.Content(
                caseId,
                application.title(),
                application.applicant(),
                "revoke",
                reasons,
                null,
                null,
                List.of(),
                List.of(),
                List.of(),
                decidedBy,
                null,
                today,
                language));
        db.insertInto(REVOCATION_DECISION)
                .set(REVOCATION_DECISION.CASE_ID, id)
                .set(REVOCATION_DECISION.JOB_KEY, job.getKey())
                .set(REVOCATION_DECISION.REASONS, reasons)
                .set(REVOCATION_DECISION.HEARING_STATEMENT, hearingStatement)
                .set(REVOCATION_DECISION.DECIDED_BY, decidedBy)
                .set(REVOCATION_DECISION.PDF, pdf)
                .onConflictDoNothing()
                .execute();
        audit.record(decidedBy, "permit.revocation-decided", id, reasons);
    }

    /** The revocation decision, for whoever may see the case (the same rule as the decision document). */
    public Optional<byte[]> revocationPdf(org.isaacus.identity.CurrentUser user, UUID caseId) {
        applications.requireVisible(user, caseId);
        return db.select(REVOCATION_DECISION.PDF)
                .from(REVOCATION_DECISION)
                .where(REVOCATION_DECISION.CASE_ID.eq(caseId))
                .fetchOptional(REVOCATION_DECISION.PDF);
    }

    /**
     * The court's outcome as the officer recorded it. A refusal the court decided on is closed; a grant under
     * appeal stays as it is (an overturned grant is revoked by the officers through the revocation path).
     */
    @JobWorker(type = "record-court-outcome")
    @Transactional
    public void recordCourtOutcome(
            @Variable String caseId,
            @Variable String outcome,
            @Variable String courtOutcome,
            @Variable String courtDecidedOn,
            @Variable String courtNotes) {
        UUID id = UUID.fromString(caseId);
        int updated = db.update(DECISION_DOCUMENT)
                .set(DECISION_DOCUMENT.COURT_OUTCOME, courtOutcome)
                .set(
                        DECISION_DOCUMENT.COURT_DECIDED_ON,
                        courtDecidedOn == null || courtDecidedOn.isBlank()
                                ? null
                                : LocalDate.parse(courtDecidedOn.substring(0, 10)))
                .set(DECISION_DOCUMENT.COURT_NOTES, courtNotes)
                .where(DECISION_DOCUMENT.APPLICATION_ID.eq(id))
                .and(DECISION_DOCUMENT.COURT_OUTCOME.isNull())
                .execute();
        if (updated == 1) {
            audit.record("process", "decision.court-outcome", id, courtOutcome);
        }
        if ("refuse".equals(outcome)) {
            applications.changeStatus(id, ApplicationStatus.CLOSED, "process", "court: " + courtOutcome);
        }
    }
}

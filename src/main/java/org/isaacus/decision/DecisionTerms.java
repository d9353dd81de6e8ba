package org.isaacus.decision;

import static org.isaacus.db.Tables.DECISION_DOCUMENT;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.isaacus.clock.Deadlines;
import org.isaacus.intake.PermitTerms;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The decision's and the permit's limits, for intake to judge requests against. */
@Component
@Transactional(readOnly = true)
class DecisionTerms implements PermitTerms {

    private final DSLContext db;
    private final Permits permits;

    DecisionTerms(DSLContext db, Permits permits) {
        this.db = db;
        this.permits = permits;
    }

    @Override
    public Optional<LocalDate> validUntil(UUID caseId) {
        return permits.find(caseId).map(Permit::validUntil);
    }

    @Override
    public Appeal appeal(UUID caseId) {
        return db.select(
                        DECISION_DOCUMENT.APPEAL_LODGED_AT,
                        DECISION_DOCUMENT.COURT_OUTCOME,
                        DECISION_DOCUMENT.COURT_DECIDED_ON)
                .from(DECISION_DOCUMENT)
                .where(DECISION_DOCUMENT.APPLICATION_ID.eq(caseId))
                .and(DECISION_DOCUMENT.APPEAL_LODGED_AT.isNotNull())
                .fetchOptional(r -> new Appeal(r.value1(), r.value2(), r.value3()))
                .orElse(null);
    }

    /** The decision is sent by e-mail when it is issued; the period runs from its service. */
    @Override
    public Optional<LocalDate> appealEndsOn(UUID caseId) {
        return db.select(DECISION_DOCUMENT.CREATED_AT)
                .from(DECISION_DOCUMENT)
                .where(DECISION_DOCUMENT.APPLICATION_ID.eq(caseId))
                .fetchOptional(DECISION_DOCUMENT.CREATED_AT)
                .map(at -> Deadlines.appealEndsOn(
                        at.atZoneSameInstant(Validity.AUTHORITY_ZONE).toLocalDate()));
    }
}

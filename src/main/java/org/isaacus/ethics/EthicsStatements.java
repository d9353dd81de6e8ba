package org.isaacus.ethics;

import static org.isaacus.db.Tables.ETHICS_STATEMENT;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.isaacus.audit.AuditTrail;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ethics committee statements: looked up by committee and reference number when an applicant cites an
 * earlier one, recorded when a committee gives one through its task list. PostgreSQL for now; the search
 * index comes with the search issue.
 */
@Service
@Transactional
public class EthicsStatements {

    /** How long a statement can be relied on by a later application. */
    static final int VALID_YEARS = 2;

    private final DSLContext db;
    private final AuditTrail audit;
    private final Clock clock;

    EthicsStatements(DSLContext db, AuditTrail audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    /**
     * A valid earlier statement the applicant may reuse: one given in another case of the same applicant, or one
     * recorded from outside the system (no case). A statement from another applicant's case is never offered.
     * What is found still needs an officer's confirmation that it covers the project (ethics-review.bpmn).
     */
    public Map<String, Object> lookup(String committee, String reference, String applicant) {
        Map<String, Object> result = new HashMap<>();
        result.put("ethicsStatementFound", false);
        if (committee == null || reference == null || reference.isBlank()) {
            return result;
        }
        db.selectFrom(ETHICS_STATEMENT)
                .where(ETHICS_STATEMENT.COMMITTEE_ID.eq(committee))
                .and(ETHICS_STATEMENT.REFERENCE_NUMBER.eq(reference.strip()))
                .and(ETHICS_STATEMENT.VALID_UNTIL.ge(LocalDate.now(clock)))
                .and(ETHICS_STATEMENT
                        .CASE_ID
                        .isNull()
                        .or(DSL.exists(DSL.selectOne()
                                .from(DSL.table("application"))
                                .where(DSL.field("application.id", java.util.UUID.class)
                                        .eq(ETHICS_STATEMENT.CASE_ID))
                                .and(DSL.field("application.applicant", String.class)
                                        .eq(applicant)))))
                .fetchOptional()
                .ifPresent(s -> {
                    result.put("ethicsStatementFound", true);
                    result.put("ethicsOutcome", s.getOutcome());
                    result.put("ethicsReferenceNumber", s.getReferenceNumber());
                    result.put("ethicsStatementText", s.getStatementText());
                    result.put("ethicsStatementDate", s.getStatementDate().toString());
                });
        return result;
    }

    /** Idempotent per committee and reference number. */
    public void record(
            UUID caseId,
            String committee,
            String reference,
            String outcome,
            String text,
            LocalDate date,
            String recordedBy) {
        int inserted = db.insertInto(ETHICS_STATEMENT)
                .set(ETHICS_STATEMENT.ID, UUID.randomUUID())
                .set(ETHICS_STATEMENT.COMMITTEE_ID, committee)
                .set(ETHICS_STATEMENT.REFERENCE_NUMBER, reference)
                .set(ETHICS_STATEMENT.OUTCOME, outcome)
                .set(ETHICS_STATEMENT.STATEMENT_TEXT, text)
                .set(ETHICS_STATEMENT.STATEMENT_DATE, date)
                .set(ETHICS_STATEMENT.VALID_UNTIL, date.plusYears(VALID_YEARS))
                .set(ETHICS_STATEMENT.CASE_ID, caseId)
                .set(ETHICS_STATEMENT.RECORDED_BY, recordedBy)
                .onConflictDoNothing()
                .execute();
        if (inserted == 1) {
            audit.record(recordedBy, "ethics.statement-recorded", caseId, committee + " " + reference + " " + outcome);
        }
    }
}

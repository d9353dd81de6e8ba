package org.isaacus.clock;

import static org.isaacus.db.Tables.LEGAL_CLOCK;

import io.camunda.client.CamundaClient;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.isaacus.audit.AuditTrail;
import org.isaacus.identity.CurrentUser;
import org.isaacus.identity.Role;
import org.isaacus.intake.ApplicationService;
import org.jooq.DSLContext;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * The statutory clock: the decision is due three months after the application is complete (deadlines.dmn),
 * extendable once, by an officer, with a recorded reason. The clock starts only once the application is
 * complete, so supplement rounds before that do not consume it.
 */
@Service
@Transactional
public class LegalClock {

    private final DSLContext db;
    private final Deadlines deadlines;
    private final ApplicationService applications;
    private final CamundaClient engine;
    private final AuditTrail audit;
    private final Clock clock;

    LegalClock(
            DSLContext db,
            Deadlines deadlines,
            ApplicationService applications,
            CamundaClient engine,
            AuditTrail audit,
            Clock clock) {
        this.db = db;
        this.deadlines = deadlines;
        this.applications = applications;
        this.engine = engine;
        this.audit = audit;
        this.clock = clock;
    }

    /** Idempotent: a redelivered job finds the clock already running and gets the same due date. */
    public OffsetDateTime start(UUID caseId, long processInstanceKey) {
        var now = OffsetDateTime.now(clock);
        db.insertInto(LEGAL_CLOCK)
                .set(LEGAL_CLOCK.CASE_ID, caseId)
                .set(LEGAL_CLOCK.STARTED_AT, now)
                .set(LEGAL_CLOCK.DUE_AT, deadlines.dueFor("decision", now))
                .set(LEGAL_CLOCK.PROCESS_INSTANCE_KEY, processInstanceKey)
                .onConflictDoNothing()
                .execute();
        var due = db.select(LEGAL_CLOCK.DUE_AT)
                .from(LEGAL_CLOCK)
                .where(LEGAL_CLOCK.CASE_ID.eq(caseId))
                .fetchOne(LEGAL_CLOCK.DUE_AT);
        audit.record("process", "clock.started", caseId, "decision due " + due);
        return due;
    }

    @Transactional(readOnly = true)
    public Optional<ClockState> state(CurrentUser user, UUID caseId) {
        applications.requireVisible(user, caseId);
        return db.selectFrom(LEGAL_CLOCK)
                .where(LEGAL_CLOCK.CASE_ID.eq(caseId))
                .fetchOptional(r -> new ClockState(
                        r.getStartedAt(), r.getDueAt(), r.getExtendedBy() != null, r.getExtensionReason()));
    }

    public ClockState extend(CurrentUser user, UUID caseId, String reason) {
        if (!user.has(Role.PERMIT_OFFICER)) {
            throw new ResponseStatusException(
                    HttpStatus.FORBIDDEN, "only a permit officer extends the decision deadline");
        }
        if (reason == null || reason.strip().length() < 10) {
            throw new org.isaacus.forms.InvalidInputException(
                    Map.of("reason", "Give the reason for the extension (at least 10 characters)"));
        }
        var row = db.selectFrom(LEGAL_CLOCK)
                .where(LEGAL_CLOCK.CASE_ID.eq(caseId))
                .forUpdate()
                .fetchOptional()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.CONFLICT, "the legal clock has not started"));
        if (row.getExtendedBy() != null) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "the decision deadline was already extended once");
        }
        var newDue = deadlines.dueFor("decision-extension", row.getDueAt());
        db.update(LEGAL_CLOCK)
                .set(LEGAL_CLOCK.DUE_AT, newDue)
                .set(LEGAL_CLOCK.EXTENDED_BY, user.subject())
                .set(LEGAL_CLOCK.EXTENSION_REASON, reason.strip())
                .set(LEGAL_CLOCK.EXTENDED_AT, OffsetDateTime.now(clock))
                .where(LEGAL_CLOCK.CASE_ID.eq(caseId))
                .execute();
        audit.record(user.subject(), "clock.extended", caseId, newDue + ": " + reason.strip());
        // tasks read the due date from the process
        engine.newSetVariablesCommand(row.getProcessInstanceKey())
                .variables(Map.of("decisionDueAt", Deadlines.format(newDue)))
                .send()
                .join();
        return new ClockState(row.getStartedAt(), newDue, true, reason.strip());
    }

    public record ClockState(
            OffsetDateTime startedAt, OffsetDateTime dueAt, boolean extended, String extensionReason) {}
}

package org.isaacus.clock;

import static org.isaacus.db.Tables.APPLICATION_STATUS_CHANGE;
import static org.isaacus.db.Tables.LEGAL_CLOCK;

import io.camunda.client.CamundaClient;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.isaacus.audit.AuditTrail;
import org.isaacus.forms.Refusal;
import org.isaacus.identity.CurrentUser;
import org.isaacus.identity.Role;
import org.isaacus.intake.ApplicationService;
import org.jooq.DSLContext;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The statutory clock: the decision is due three months after the day a complete application was received
 * (deadlines.dmn; Secondary Use Act 552/2019: the decision within three months of receiving the information it
 * needs), extendable once, before the deadline, by an officer, with a reason the applicant is told. The clock
 * counts from the last submission (the first one, or the supplement that made the application complete), not
 * from the officer's check; supplement rounds before that do not consume it.
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
    private final org.springframework.context.ApplicationEventPublisher events;

    /** Officers and managers are warned this many working days before the decision is due. */
    static final int WARNING_WORKING_DAYS = 10;

    private final org.springframework.context.support.MessageSourceAccessor messages;

    LegalClock(
            DSLContext db,
            Deadlines deadlines,
            ApplicationService applications,
            CamundaClient engine,
            AuditTrail audit,
            Clock clock,
            org.springframework.context.ApplicationEventPublisher events,
            org.springframework.context.MessageSource messages) {
        this.messages = new org.springframework.context.support.MessageSourceAccessor(messages);
        this.events = events;
        this.db = db;
        this.deadlines = deadlines;
        this.applications = applications;
        this.engine = engine;
        this.audit = audit;
        this.clock = clock;
    }

    /** Idempotent: a redelivered job finds the clock already running and gets the same due date. */
    public OffsetDateTime start(UUID caseId, long processInstanceKey) {
        // received complete: the last time the applicant submitted it (a supplement answer resubmits)
        var received = db.select(org.jooq.impl.DSL.max(APPLICATION_STATUS_CHANGE.CHANGED_AT))
                .from(APPLICATION_STATUS_CHANGE)
                .where(APPLICATION_STATUS_CHANGE.APPLICATION_ID.eq(caseId))
                .and(APPLICATION_STATUS_CHANGE.STATUS.eq("submitted"))
                .fetchOptional(0, OffsetDateTime.class)
                .orElse(null);
        var startedAt = received == null ? OffsetDateTime.now(clock) : received;
        db.insertInto(LEGAL_CLOCK)
                .set(LEGAL_CLOCK.CASE_ID, caseId)
                .set(LEGAL_CLOCK.STARTED_AT, startedAt)
                .set(LEGAL_CLOCK.DUE_AT, deadlines.dueFor("decision", startedAt))
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
            throw new Refusal(HttpStatus.FORBIDDEN, "refusal.clock.officers");
        }
        if (reason == null || reason.strip().length() < 10) {
            throw new org.isaacus.forms.InvalidInputException(
                    Map.of("reason", messages.getMessage("clock.error.reason")));
        }
        var row = db.selectFrom(LEGAL_CLOCK)
                .where(LEGAL_CLOCK.CASE_ID.eq(caseId))
                .forUpdate()
                .fetchOptional()
                .orElseThrow(() -> new Refusal(HttpStatus.CONFLICT, "refusal.clock.not-started"));
        if (row.getExtendedBy() != null) {
            throw new Refusal(HttpStatus.CONFLICT, "refusal.clock.extended");
        }
        if (row.getStoppedAt() != null) {
            throw new Refusal(
                    HttpStatus.CONFLICT, "refusal.clock.stopped", Refusal.words("status." + row.getStopReason()));
        }
        if (OffsetDateTime.now(clock).isAfter(row.getDueAt())) {
            throw new Refusal(
                    HttpStatus.CONFLICT,
                    "refusal.clock.deadline-passed",
                    Refusal.date(row.getDueAt()
                            .atZoneSameInstant(Deadlines.AUTHORITY_ZONE)
                            .toLocalDate()));
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
        // the process tells the applicant with the reason and watches the new deadline; tasks that were due by the
        // old deadline move with it
        engine.newPublishMessageCommand()
                .messageName("decision-deadline-extended")
                .correlationKey(caseId.toString())
                .messageId("extended-" + caseId)
                .timeToLive(java.time.Duration.ofHours(1))
                .variables(Map.of(
                        "decisionDueAt",
                        Deadlines.format(newDue),
                        "decisionWarnAt",
                        Deadlines.format(Deadlines.remindBefore(newDue, WARNING_WORKING_DAYS)),
                        "extensionReason",
                        reason.strip()))
                .send()
                .join();
        events.publishEvent(new DecisionDeadlineExtended(caseId, row.getDueAt(), newDue));
        return new ClockState(row.getStartedAt(), newDue, true, reason.strip());
    }

    /** The application ended without a decision: the clock stops counting. Idempotent. */
    public void stop(UUID caseId, String reason) {
        int stopped = db.update(LEGAL_CLOCK)
                .set(LEGAL_CLOCK.STOPPED_AT, OffsetDateTime.now(clock))
                .set(LEGAL_CLOCK.STOP_REASON, reason)
                .where(LEGAL_CLOCK.CASE_ID.eq(caseId))
                .and(LEGAL_CLOCK.STOPPED_AT.isNull())
                .execute();
        if (stopped == 1) {
            audit.record("process", "clock.stopped", caseId, reason);
        }
    }

    /** Published when an officer extends the decision deadline; tasks due by the old deadline move. */
    public record DecisionDeadlineExtended(UUID caseId, OffsetDateTime oldDue, OffsetDateTime newDue) {}

    public record ClockState(
            OffsetDateTime startedAt, OffsetDateTime dueAt, boolean extended, String extensionReason) {}
}

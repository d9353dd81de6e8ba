package org.isaacus.decision;

import static org.isaacus.db.Tables.PERMIT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.isaacus.audit.AuditTrail;
import org.isaacus.db.tables.records.PermitRecord;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The permits in force: written once when a grant is issued, changed only by a granted amendment or renewal. */
@Service
public class Permits {

    private static final TypeReference<List<Permit.PermittedDataset>> DATASETS = new TypeReference<>() {};

    private final DSLContext db;
    private final ObjectMapper json;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Permits(DSLContext db, ObjectMapper json, AuditTrail audit, ApplicationEventPublisher events, Clock clock) {
        this.db = db;
        this.json = json;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Optional<Permit> find(UUID caseId) {
        return db.selectFrom(PERMIT).where(PERMIT.CASE_ID.eq(caseId)).fetchOptional(this::permit);
    }

    /** The permit a stage works under; a stage that runs without one is a modelling error, not a user's. */
    public Permit require(UUID caseId) {
        return find(caseId).orElseThrow(() -> new IllegalStateException("no permit recorded for case " + caseId));
    }

    /** When a grant is issued (and by tests that start from a granted permit). Idempotent: the first record stays. */
    @Transactional
    public void record(Permit permit, String decidedBy, String approvedBy) {
        int inserted = db.insertInto(PERMIT)
                .set(PERMIT.CASE_ID, permit.caseId())
                .set(PERMIT.PERMIT_HOLDER, permit.permitHolder())
                .set(PERMIT.KIND, permit.kind())
                .set(PERMIT.DATASETS, jsonb(permit.datasets()))
                .set(PERMIT.COHORT, jsonb(permit.cohort()))
                .set(PERMIT.PERSONS, permit.persons().toArray(String[]::new))
                .set(PERMIT.CONDITIONS, permit.conditions())
                .set(PERMIT.VALID_UNTIL, permit.validUntil())
                .set(PERMIT.DECIDED_BY, decidedBy)
                .set(PERMIT.APPROVED_BY, approvedBy)
                .onConflictDoNothing()
                .execute();
        if (inserted == 1) {
            audit.record(
                    approvedBy,
                    "permit.recorded",
                    permit.caseId(),
                    permit.datasets() + " for " + permit.persons() + " until " + permit.validUntil());
        }
    }

    /**
     * A granted amendment or renewal: only what it asks to change changes. Persons removed lose access at once
     * (the event is published in this transaction).
     */
    @Transactional
    void amend(UUID caseId, Optional<List<String>> persons, Optional<LocalDate> validUntil, String detail) {
        Permit before = require(caseId);
        var update = db.update(PERMIT).set(PERMIT.AMENDED_AT, OffsetDateTime.now(clock));
        if (persons.isPresent()) {
            update = update.set(PERMIT.PERSONS, persons.get().toArray(String[]::new));
        }
        if (validUntil.isPresent()) {
            update = update.set(PERMIT.VALID_UNTIL, validUntil.get());
        }
        update.where(PERMIT.CASE_ID.eq(caseId)).execute();
        Permit after = require(caseId);
        audit.record("process", "permit.amended", caseId, detail);
        if (!after.equals(before)) {
            events.publishEvent(new PermitChanged(before, after));
        }
    }

    /** Published in the transaction that changes a permit's persons or validity; access follows it. */
    public record PermitChanged(Permit before, Permit after) {}

    private Permit permit(PermitRecord r) {
        try {
            return new Permit(
                    r.getCaseId(),
                    r.getPermitHolder(),
                    r.getKind(),
                    json.readValue(r.getDatasets().data(), DATASETS),
                    json.readValue(r.getCohort().data(), Permit.Cohort.class),
                    List.of(r.getPersons()),
                    r.getConditions(),
                    r.getValidUntil());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable permit " + r.getCaseId(), e);
        }
    }

    private JSONB jsonb(Object value) {
        try {
            return JSONB.valueOf(json.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.isaacus.delivery;

import static org.isaacus.db.Tables.DELETION_RECORD;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.isaacus.audit.AuditTrail;
import org.isaacus.compilation.Compilation;
import org.isaacus.decision.Permit;
import org.isaacus.decision.Permits;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Workers of processes/secure-delivery.bpmn and of the expiry path: the secure environment's side of a permit. */
@Component
public class DeliveryWorkers {

    private final SecureEnvironment spe;
    private final Compilation compilation;
    private final Permits permits;
    private final OutputControl outputs;
    private final AuditTrail audit;
    private final DSLContext db;
    private final ObjectMapper json;
    private final TransactionTemplate transactions;
    private final Clock clock;

    DeliveryWorkers(
            SecureEnvironment spe,
            Compilation compilation,
            Permits permits,
            OutputControl outputs,
            AuditTrail audit,
            DSLContext db,
            ObjectMapper json,
            TransactionTemplate transactions,
            Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
        this.spe = spe;
        this.compilation = compilation;
        this.permits = permits;
        this.outputs = outputs;
        this.audit = audit;
        this.db = db;
        this.json = json;
    }

    @JobWorker(type = "deliver-to-spe", timeout = 3_600_000L)
    @Transactional
    public void deliver(@Variable String caseId) {
        UUID id = UUID.fromString(caseId);
        var files = spe.provision(id, compilation.approvedDataset(id));
        compilation.markDelivered(id);
        audit.record("engine", "spe.provisioned", id, files.size() + " files");
    }

    /** Exactly the persons the permit names, until its end. */
    @JobWorker(type = "grant-spe-access")
    @Transactional
    public void grantAccess(@Variable String caseId) {
        UUID id = UUID.fromString(caseId);
        Permit permit = permits.require(id);
        spe.grant(id, permit.persons(), permit.validUntil());
        audit.record(
                "engine",
                "spe.access-granted",
                id,
                String.join(", ", permit.persons()) + " until " + permit.validUntil());
    }

    /**
     * An amended or renewed permit: whoever it names now may enter until its end, anyone it no longer names is
     * shut out in the amendment's transaction. Before access is granted, or after it ended, there is nothing to
     * follow (the grant reads the permit as it is then).
     */
    @EventListener
    void on(Permits.PermitChanged changed) {
        Permit permit = changed.after();
        if (spe.accessGranted(permit.caseId())) {
            spe.grant(permit.caseId(), permit.persons(), permit.validUntil());
            audit.record(
                    "engine",
                    "spe.access-changed",
                    permit.caseId(),
                    String.join(", ", permit.persons()) + " until " + permit.validUntil());
        }
    }

    @JobWorker(type = "revoke-spe-access")
    @Transactional
    public void revokeAccess(@Variable String caseId) {
        UUID id = UUID.fromString(caseId);
        spe.revoke(id);
        outputs.cancelOpenReviews(id, "the permit has ended: nothing is released after it");
        audit.record("engine", "spe.access-revoked", id, "permit ended (expired or revoked)");
    }

    /**
     * Deletes the workspace and the authority's working copy, keeping the evidence; the code key stays. The
     * evidence (files and checksums) is committed before anything is deleted, so a retry after a crash in between
     * still records what was there; the record is completed when the files are gone.
     */
    @JobWorker(type = "delete-spe-data")
    public void deleteData(ActivatedJob job, @Variable String caseId) {
        UUID id = UUID.fromString(caseId);
        transactions.executeWithoutResult(status -> {
            if (db.fetchExists(DELETION_RECORD, DELETION_RECORD.CASE_ID.eq(id))) {
                return;
            }
            var files = spe.files(id);
            try {
                db.insertInto(DELETION_RECORD)
                        .set(DELETION_RECORD.CASE_ID, id)
                        .set(DELETION_RECORD.JOB_KEY, job.getKey())
                        .set(DELETION_RECORD.DELETED_BY, "isaacus (job " + job.getKey() + ")")
                        .set(DELETION_RECORD.FILES, JSONB.valueOf(json.writeValueAsString(files)))
                        .set(DELETION_RECORD.LOCATION, "spe-workspace-and-working-copy") // delivery.location.*
                        .execute();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        spe.delete(id);
        transactions.executeWithoutResult(status -> {
            compilation.deleteWorkingCopy(id);
            int completed = db.update(DELETION_RECORD)
                    .set(DELETION_RECORD.COMPLETED_AT, OffsetDateTime.now(clock))
                    .where(DELETION_RECORD.CASE_ID.eq(id).and(DELETION_RECORD.COMPLETED_AT.isNull()))
                    .execute();
            if (completed > 0) {
                audit.record("engine", "spe.data-deleted", id, "evidence kept in deletion_record");
            }
        });
    }
}

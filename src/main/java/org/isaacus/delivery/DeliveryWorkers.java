package org.isaacus.delivery;

import static org.isaacus.db.Tables.DELETION_RECORD;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.isaacus.audit.AuditTrail;
import org.isaacus.compilation.Compilation;
import org.isaacus.decision.PermitRegister;
import org.isaacus.intake.ApplicationService;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Workers of processes/secure-delivery.bpmn and of the expiry path: the secure environment's side of a permit. */
@Component
public class DeliveryWorkers {

    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");

    private final SecureEnvironment spe;
    private final Compilation compilation;
    private final ApplicationService applications;
    private final AuditTrail audit;
    private final DSLContext db;
    private final ObjectMapper json;
    private final TransactionTemplate transactions;
    private final Clock clock;

    DeliveryWorkers(
            SecureEnvironment spe,
            Compilation compilation,
            ApplicationService applications,
            AuditTrail audit,
            DSLContext db,
            ObjectMapper json,
            TransactionTemplate transactions,
            Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
        this.spe = spe;
        this.compilation = compilation;
        this.applications = applications;
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

    /** The permit's named users: the applicant's account and the e-mail identities of the team members. */
    @JobWorker(type = "grant-spe-access")
    @Transactional
    public void grantAccess(@Variable String caseId, @Variable String applicant, @Variable String validUntil) {
        UUID id = UUID.fromString(caseId);
        Set<String> identities = new LinkedHashSet<>();
        identities.add(applicant);
        if (applications.caseFile(id).formData().get("teamMembers") instanceof String team) {
            EMAIL.matcher(team).results().map(m -> m.group().toLowerCase()).forEach(identities::add);
        }
        spe.grant(id, identities, LocalDate.parse(validUntil.substring(0, 10)));
        audit.record("engine", "spe.access-granted", id, String.join(", ", identities) + " until " + validUntil);
    }

    @EventListener
    void on(PermitRegister.PermitValidityMoved moved) {
        spe.extend(moved.caseId(), moved.validUntil());
    }

    @JobWorker(type = "revoke-spe-access")
    @Transactional
    public void revokeAccess(@Variable String caseId) {
        UUID id = UUID.fromString(caseId);
        spe.revoke(id);
        audit.record("engine", "spe.access-revoked", id, "permit expired");
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
                        .set(DELETION_RECORD.LOCATION, "secure environment workspace and the authority's working copy")
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

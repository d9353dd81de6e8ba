package org.isaacus.fees;

import static org.isaacus.db.Tables.INVOICE;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;
import org.isaacus.audit.AuditTrail;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Records the invoice for an accepted fee estimate (fees.dmn); one per case. */
@Component
public class Invoices {

    private final DSLContext db;
    private final AuditTrail audit;

    Invoices(DSLContext db, AuditTrail audit) {
        this.db = db;
        this.audit = audit;
    }

    @JobWorker(type = "record-invoice")
    @Transactional
    public void record(ActivatedJob job, @Variable String caseId, @Variable Map<String, Object> fee) {
        int inserted = db.insertInto(INVOICE)
                .set(INVOICE.CASE_ID, UUID.fromString(caseId))
                .set(INVOICE.JOB_KEY, job.getKey())
                .set(INVOICE.CATEGORY, String.valueOf(fee.get("feeCategory")))
                .set(INVOICE.BASE_FEE, new BigDecimal(String.valueOf(fee.get("baseFee"))))
                .set(INVOICE.HOURLY_RATE, new BigDecimal(String.valueOf(fee.get("hourlyRate"))))
                .onConflictDoNothing()
                .execute();
        if (inserted == 1) {
            audit.record(
                    "process",
                    "fee.invoiced",
                    UUID.fromString(caseId),
                    fee.get("feeCategory") + " " + fee.get("baseFee") + " EUR");
        }
    }
}

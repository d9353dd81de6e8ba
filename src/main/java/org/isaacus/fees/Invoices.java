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

/** Records the invoice for an accepted fee estimate, or the hours of a case that ended without a decision (fees.dmn); one per case. */
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
    public void record(
            ActivatedJob job,
            @Variable String caseId,
            @Variable Map<String, Object> fee,
            @Variable Map<String, Object> hoursFee,
            @Variable Number hoursWorked) {
        if ("hours".equals(job.getCustomHeaders().get("basis"))) {
            recordHours(job, UUID.fromString(caseId), hoursFee, hoursWorked);
            return;
        }
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

    /**
     * A case that ended without a decision: the hours worked at the hourly rate of the price list in force. A case
     * invoiced before (an accepted fee, then withdrawn) keeps its invoice and gets the hours on it.
     */
    private void recordHours(ActivatedJob job, UUID caseId, Map<String, Object> hoursFee, Number hoursWorked) {
        var hours = new BigDecimal(String.valueOf(hoursWorked == null ? 0 : hoursWorked));
        var rate = new BigDecimal(String.valueOf(hoursFee.get("hourlyRate")));
        db.insertInto(INVOICE)
                .set(INVOICE.CASE_ID, caseId)
                .set(INVOICE.JOB_KEY, job.getKey())
                .set(INVOICE.CATEGORY, String.valueOf(hoursFee.get("feeCategory")))
                .set(INVOICE.BASE_FEE, BigDecimal.ZERO)
                .set(INVOICE.HOURLY_RATE, rate)
                .set(INVOICE.HOURS, hours)
                .onConflict(INVOICE.CASE_ID)
                .doUpdate()
                .set(INVOICE.HOURS, hours)
                .execute();
        audit.record("process", "fee.hours-invoiced", caseId, hours + " h at " + rate + " EUR/h");
    }
}

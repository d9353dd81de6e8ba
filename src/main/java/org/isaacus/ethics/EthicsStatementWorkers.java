package org.isaacus.ethics;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

@Component
public class EthicsStatementWorkers {

    private final EthicsStatements statements;

    EthicsStatementWorkers(EthicsStatements statements) {
        this.statements = statements;
    }

    @JobWorker(type = "lookup-ethics-statement")
    public Map<String, Object> lookup(
            @Variable String ethicsCommittee, @Variable String ethicsReference, @Variable String applicant) {
        return statements.lookup(ethicsCommittee, ethicsReference, applicant);
    }

    @JobWorker(type = "record-ethics-statement")
    public Map<String, Object> record(
            ActivatedJob job,
            @Variable String caseId,
            @Variable String ethicsCommittee,
            @Variable String ethicsOutcome,
            @Variable String ethicsStatementText,
            @Variable String ethicsReferenceNumber,
            @Variable String ethicsStatementDate,
            @Variable String ethicsStatementBy) {
        if ("true".equals(job.getCustomHeaders().get("missing"))) {
            return Map.of("ethicsOutcome", "missing");
        }
        statements.record(
                UUID.fromString(caseId),
                ethicsCommittee,
                ethicsReferenceNumber,
                ethicsOutcome,
                ethicsStatementText,
                LocalDate.parse(ethicsStatementDate),
                ethicsStatementBy);
        return Map.of("ethicsOutcome", ethicsOutcome);
    }
}

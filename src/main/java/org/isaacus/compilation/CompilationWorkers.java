package org.isaacus.compilation;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import org.isaacus.engine.StageLog;
import org.springframework.stereotype.Component;

/**
 * Simple workers of processes/data-compilation.bpmn that record what happened. The real extraction,
 * pseudonymisation and linkage come with the compilation issue.
 */
@Component
public class CompilationWorkers {

    private final StageLog log;

    CompilationWorkers(StageLog log) {
        this.log = log;
    }

    @JobWorker(type = "order-extraction")
    public void orderExtraction(ActivatedJob job, @Variable String caseId, @Variable String holder) {
        log.record(job.getKey(), caseId, "extraction-ordered", holder, "order sent to the register holder");
    }

    @JobWorker(type = "pseudonymise-and-link")
    public void pseudonymise(ActivatedJob job, @Variable String caseId) {
        log.record(job.getKey(), caseId, "pseudonymised-and-linked", null, "recorded only: no data processed yet");
    }
}

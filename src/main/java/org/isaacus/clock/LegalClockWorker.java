package org.isaacus.clock;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

@Component
public class LegalClockWorker {

    private final LegalClock clock;

    LegalClockWorker(LegalClock clock) {
        this.clock = clock;
    }

    @JobWorker(type = "start-legal-clock")
    public Map<String, Object> start(ActivatedJob job, @Variable String caseId) {
        var due = clock.start(UUID.fromString(caseId), job.getProcessInstanceKey());
        return Map.of(
                "decisionDueAt",
                Deadlines.format(due),
                "decisionWarnAt",
                Deadlines.format(Deadlines.remindBefore(due, LegalClock.WARNING_WORKING_DAYS)));
    }

    @JobWorker(type = "stop-legal-clock")
    public void stop(@Variable String caseId) {
        clock.stop(UUID.fromString(caseId), "withdrawn");
    }
}

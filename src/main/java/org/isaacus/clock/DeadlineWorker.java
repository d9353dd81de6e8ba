package org.isaacus.clock;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Service tasks of type calculate-due-date: header step names the rule, header resultVariable the output. */
@Component
public class DeadlineWorker {

    private final Deadlines deadlines;

    DeadlineWorker(Deadlines deadlines) {
        this.deadlines = deadlines;
    }

    @JobWorker(type = "calculate-due-date")
    public Map<String, Object> calculate(ActivatedJob job) {
        var headers = job.getCustomHeaders();
        return Map.of(headers.get("resultVariable"), Deadlines.format(deadlines.dueFor(headers.get("step"))));
    }
}

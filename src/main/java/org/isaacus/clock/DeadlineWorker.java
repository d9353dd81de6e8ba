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
        var due = deadlines.dueFor(headers.get("step"));
        var result = new java.util.HashMap<String, Object>();
        result.put(headers.get("resultVariable"), Deadlines.format(due));
        // reminders of working-day limits count working days too
        if (headers.containsKey("reminderVariable")) {
            result.put(
                    headers.get("reminderVariable"),
                    Deadlines.format(
                            Deadlines.remindBefore(due, Integer.parseInt(headers.get("reminderWorkingDays")))));
        }
        return result;
    }
}

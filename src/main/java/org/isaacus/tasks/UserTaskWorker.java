package org.isaacus.tasks;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import org.springframework.stereotype.Component;

// public: the Camunda client invokes worker methods reflectively
/** Takes every job-based user task into the task read model; people complete it later through the API. */
@Component
public class UserTaskWorker {

    private final UserTaskService tasks;

    UserTaskWorker(UserTaskService tasks) {
        this.tasks = tasks;
    }

    @JobWorker(
            type = UserTaskService.JOB_TYPE,
            autoComplete = false,
            timeout = 30L * 24 * 60 * 60 * 1000,
            fetchAllVariables = true)
    public void open(ActivatedJob job) {
        tasks.open(job);
    }
}

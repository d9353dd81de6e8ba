package org.isaacus.intake;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The model says when the visible status changes: service tasks of type update-case-status, header status. */
@Component
public class CaseStatusWorker {

    private final ApplicationService applications;

    CaseStatusWorker(ApplicationService applications) {
        this.applications = applications;
    }

    @JobWorker(type = "update-case-status")
    public void update(ActivatedJob job, @Variable String caseId) {
        var status = ApplicationStatus.ofCode(job.getCustomHeaders().get("status"));
        applications.changeStatus(
                UUID.fromString(caseId),
                status,
                "process",
                job.getCustomHeaders().get("reason"));
    }
}

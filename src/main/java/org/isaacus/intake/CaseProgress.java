package org.isaacus.intake;

import org.isaacus.tasks.UserTaskCompleted;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Moves the visible status when an officer finishes a step; runs inside the task's transaction. */
@Component
class CaseProgress {

    private final ApplicationService applications;

    CaseProgress(ApplicationService applications) {
        this.applications = applications;
    }

    @EventListener
    void on(UserTaskCompleted done) {
        if (done.caseId() == null) {
            return;
        }
        if ("completeness-check".equals(done.formId())) {
            boolean complete = "complete".equals(done.data().get("completeness"));
            applications.changeStatus(
                    done.caseId(),
                    complete ? ApplicationStatus.UNDER_ASSESSMENT : ApplicationStatus.INCOMPLETE,
                    done.completedBy());
        }
    }
}

package org.isaacus.tasks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Periodically renews the engine lock of open tasks and drops the ones the engine cancelled. */
@Component
class UserTaskReconciler {

    private static final Logger log = LoggerFactory.getLogger(UserTaskReconciler.class);

    private final UserTaskRepository tasks;
    private final UserTaskService service;

    UserTaskReconciler(UserTaskRepository tasks, UserTaskService service) {
        this.tasks = tasks;
        this.service = service;
    }

    @Scheduled(fixedDelayString = "${isaacus.tasks.reconcile-interval:PT1M}", initialDelayString = "PT10S")
    void reconcile() {
        for (long jobKey : tasks.openJobKeys(1000)) {
            try {
                service.refresh(jobKey);
            } catch (RuntimeException e) {
                log.warn("Could not reconcile task {} with the engine: {}", jobKey, e.getMessage());
                return; // engine unreachable: try the whole list again next round
            }
        }
    }
}

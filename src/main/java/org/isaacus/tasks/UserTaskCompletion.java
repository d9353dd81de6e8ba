package org.isaacus.tasks;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Completes the job of an answered task in the engine, from the outbox: retried until the engine takes it.
 * NOT_FOUND means an earlier attempt already completed it, or the engine cancelled the task meanwhile.
 */
@Component
class UserTaskCompletion {

    private static final Logger log = LoggerFactory.getLogger(UserTaskCompletion.class);

    private final CamundaClient engine;

    UserTaskCompletion(CamundaClient engine) {
        this.engine = engine;
    }

    @ApplicationModuleListener
    void complete(UserTaskAnswered answered) {
        try {
            engine.newCompleteCommand(answered.jobKey())
                    .variables(answered.variables())
                    .send()
                    .join();
        } catch (ClientStatusException e) {
            if (e.getStatusCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
            log.info("Job {} of an answered task is no longer in the engine", answered.jobKey());
        }
    }
}

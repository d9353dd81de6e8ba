package org.isaacus.delivery;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import org.isaacus.engine.StageLog;
import org.springframework.stereotype.Component;

/** Simple workers of processes/secure-delivery.bpmn and of the expiry path that record what happened. */
@Component
public class DeliveryWorkers {

    private final StageLog log;

    DeliveryWorkers(StageLog log) {
        this.log = log;
    }

    @JobWorker(type = "deliver-to-spe")
    public void deliver(ActivatedJob job, @Variable String caseId) {
        log.record(job.getKey(), caseId, "delivered-to-spe", null, "recorded only: no data moved yet");
    }

    @JobWorker(type = "grant-spe-access")
    public void grantAccess(ActivatedJob job, @Variable String caseId) {
        log.record(job.getKey(), caseId, "spe-access-granted", null, "permitted team members");
    }

    @JobWorker(type = "revoke-spe-access")
    public void revokeAccess(ActivatedJob job, @Variable String caseId) {
        log.record(job.getKey(), caseId, "spe-access-revoked", null, "permit expired");
    }
}

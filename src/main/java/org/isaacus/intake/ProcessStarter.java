package org.isaacus.intake;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.isaacus.engine.ProcessIds;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Starts the permit process for a submitted application. Runs from the event publication registry (outbox):
 * if the engine is down, the publication stays incomplete and is resubmitted. The message id is the case id,
 * so a resubmission while the first message is still buffered does not start a second instance, and the
 * message start event admits one active instance per correlation key.
 */
@Component
class ProcessStarter {

    private final CamundaClient client;

    ProcessStarter(CamundaClient client) {
        this.client = client;
    }

    @ApplicationModuleListener
    void on(ApplicationSubmitted submitted) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("caseId", submitted.caseId().toString());
        variables.put("applicant", submitted.applicant());
        variables.put("applicationType", submitted.applicationType());
        variables.put("title", submitted.title());
        variables.put("purpose", submitted.purpose());
        // the facts the price list and the regulation's purposes use (fees.dmn, decision-proposal.dmn)
        variables.put("thesis", submitted.thesis());
        variables.put("establishment", submitted.establishment());
        variables.put("applicantSector", submitted.applicantSector());
        variables.put("description", submitted.description());
        // the national committee reviews when the applicant named none
        variables.put("ethicsCommittee", submitted.ethicsCommittee() == null ? "tukija" : submitted.ethicsCommittee());
        variables.put("ethicsReference", submitted.ethicsReference());
        variables.put("renewals", 0);
        variables.put("contactEmail", submitted.contactEmail());
        variables.put("existingPermit", submitted.existingPermit());
        variables.put("datasets", submitted.datasets());
        // an amendment changes who may use the data and for how long, not which data: no new consultation
        boolean amending =
                "amendment".equals(submitted.applicationType()) || "renewal".equals(submitted.applicationType());
        variables.put("registerHolders", amending ? java.util.List.of() : submitted.registerHolders());
        variables.put("healthData", submitted.healthData());
        variables.put("consentObtained", submitted.consentObtained());
        // the applicant's answer; the officer confirms or corrects it in the completeness check
        variables.put("medicalResearch", submitted.medicalResearch());
        try {
            client.newPublishMessageCommand()
                    .messageName(ProcessIds.MESSAGE_APPLICATION_SUBMITTED)
                    .correlationKey(submitted.caseId().toString())
                    .messageId("submitted-" + submitted.caseId())
                    .timeToLive(Duration.ofHours(1))
                    .variables(variables)
                    .send()
                    .join();
        } catch (ClientStatusException e) {
            if (e.getStatusCode() != Status.Code.ALREADY_EXISTS) {
                throw e; // the publication stays incomplete and is retried
            }
            // delivered before: at-least-once delivery of the event, exactly one process instance
        }
    }

    @ApplicationModuleListener
    void on(CaseMessage message) {
        try {
            client.newPublishMessageCommand()
                    .messageName(message.messageName())
                    .correlationKey(message.caseId().toString())
                    .messageId(message.messageId().toString())
                    .timeToLive(Duration.ofDays(1))
                    .variables(message.variables())
                    .send()
                    .join();
        } catch (ClientStatusException e) {
            if (e.getStatusCode() != Status.Code.ALREADY_EXISTS) {
                throw e;
            }
        }
    }
}

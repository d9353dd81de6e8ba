package org.isaacus.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.grpc.Status;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every path of processes/permit-application.bpmn; the last check proves every node and flow was passed. */
class PermitApplicationProcessTest {

    private static TestEngine engine;

    @BeforeAll
    static void start() {
        engine = TestEngine.start();
        engine.deployModels();
    }

    @AfterAll
    static void everyElementWasPassed() {
        try {
            var model = Bpmn.readModelFromFile(TestEngine.PROJECT
                    .resolve("processes/permit-application.bpmn")
                    .toFile());
            Set<String> all = Stream.concat(
                            model.getModelElementsByType(FlowNode.class).stream(),
                            model.getModelElementsByType(SequenceFlow.class).stream())
                    .map(e -> e.getAttributeValue("id"))
                    .collect(Collectors.toSet());
            Set<String> missed = new HashSet<>(all);
            missed.removeAll(engine.visitedElements());
            assertThat(missed).as("elements no test passed through").isEmpty();
        } finally {
            engine.close();
        }
    }

    @Test
    void completeApplicationIsGrantedAndGetsADecisionDocument() {
        String caseId = submit();
        ActivatedJob completeness = userTask("Task_CheckCompleteness");
        assertThat(completeness.getCustomHeaders())
                .containsEntry("io.camunda.zeebe:candidateGroups", "[\"permit-officer\"]")
                .containsKey("io.camunda.zeebe:dueDate")
                .containsKey("io.camunda.zeebe:formKey");
        assertThat(completeness.getVariablesAsMap()).containsEntry("caseId", caseId);
        assertThat(completeness.getVariablesAsMap().get("routing"))
                .isEqualTo(Map.of("ethicsStatementRequired", true, "reviewTrack", "research"));
        complete(completeness, Map.of("completeness", "complete"));

        ActivatedJob decision = userTask("Task_DecidePermit");
        complete(
                decision,
                Map.of("outcome", "grant", "decisionReasons", "Meets the requirements.", "permitDecisionBy", "olli"));

        ActivatedJob document = job("generate-decision-document");
        assertThat(document.getVariablesAsMap())
                .containsEntry("outcome", "grant")
                .containsEntry("permitDecisionBy", "olli");
        engine.client().newCompleteCommand(document.getKey()).send().join();
        engine.idle();
        assertThat(engine.completed(document.getProcessInstanceKey())).isTrue();
    }

    @Test
    void refusedApplicationAlsoGetsADecisionDocument() {
        submit();
        complete(userTask("Task_CheckCompleteness"), Map.of("completeness", "complete"));
        complete(userTask("Task_DecidePermit"), Map.of("outcome", "refuse", "decisionReasons", "No legal basis."));
        ActivatedJob document = job("generate-decision-document");
        assertThat(document.getVariablesAsMap()).containsEntry("outcome", "refuse");
        engine.client().newCompleteCommand(document.getKey()).send().join();
        engine.idle();
        assertThat(engine.completed(document.getProcessInstanceKey())).isTrue();
    }

    @Test
    void incompleteApplicationEndsWithoutDecision() {
        submit();
        ActivatedJob completeness = userTask("Task_CheckCompleteness");
        complete(completeness, Map.of("completeness", "incomplete", "completenessNotes", "Research plan missing."));
        engine.idle();
        assertThat(engine.completed(completeness.getProcessInstanceKey())).isTrue();
        assertThat(activate("io.camunda.zeebe:userTask")).isEmpty();
    }

    @Test
    void submittingTheSameCaseTwiceStartsOneInstance() {
        String caseId = UUID.randomUUID().toString();
        publishSubmitted(caseId);
        assertThatThrownBy(() -> publishSubmitted(caseId))
                .isInstanceOfSatisfying(
                        ClientStatusException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
        engine.idle();
        List<ActivatedJob> tasks = activate("io.camunda.zeebe:userTask");
        assertThat(tasks).hasSize(1);
        complete(tasks.getFirst(), Map.of("completeness", "incomplete"));
    }

    private static String submit() {
        String caseId = UUID.randomUUID().toString();
        publishSubmitted(caseId);
        return caseId;
    }

    private static void publishSubmitted(String caseId) {
        engine.client()
                .newPublishMessageCommand()
                .messageName(ProcessIds.MESSAGE_APPLICATION_SUBMITTED)
                .correlationKey(caseId)
                .messageId("submitted-" + caseId)
                .timeToLive(Duration.ofMinutes(5))
                .variables(Map.of(
                        "caseId",
                        caseId,
                        "applicant",
                        "aino",
                        "applicationType",
                        "data-permit",
                        "title",
                        "Statins and dementia",
                        "purpose",
                        "scientific-research",
                        "datasets",
                        List.of("care-register", "reimbursed-prescriptions"),
                        "registerHolders",
                        List.of("kela", "thl"),
                        "healthData",
                        true,
                        "consentObtained",
                        false))
                .send()
                .join();
    }

    private static ActivatedJob userTask(String elementId) {
        List<ActivatedJob> jobs = activate("io.camunda.zeebe:userTask");
        assertThat(jobs).as("user tasks; incidents: %s", engine.incidents()).hasSize(1);
        assertThat(jobs.getFirst().getElementId()).isEqualTo(elementId);
        return jobs.getFirst();
    }

    private static ActivatedJob job(String type) {
        List<ActivatedJob> jobs = activate(type);
        assertThat(jobs).as("jobs; incidents: %s", engine.incidents()).hasSize(1);
        return jobs.getFirst();
    }

    private static List<ActivatedJob> activate(String type) {
        engine.idle();
        return engine.client()
                .newActivateJobsCommand()
                .jobType(type)
                .maxJobsToActivate(10)
                .timeout(Duration.ofMinutes(5))
                .send()
                .join()
                .getJobs();
    }

    private static void complete(ActivatedJob job, Map<String, Object> variables) {
        engine.client()
                .newCompleteCommand(job.getKey())
                .variables(variables)
                .send()
                .join();
    }
}

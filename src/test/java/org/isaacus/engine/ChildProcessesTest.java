package org.isaacus.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The processes the permit process calls, started on their own with the variables the parent passes. Each
 * nested class ends by proving that every node and flow of its file was passed.
 */
class ChildProcessesTest {

    static ProcessDriver driver;

    @BeforeAll
    static void start() {
        driver = new ProcessDriver();
    }

    @AfterAll
    static void stop() {
        driver.close();
    }

    static Map<String, Object> caseVariables(Map<String, Object> extra) {
        String caseId = UUID.randomUUID().toString();
        driver.currentCase(caseId);
        Map<String, Object> variables = new HashMap<>(Map.of(
                "caseId", caseId,
                "applicant", "aino",
                "title", "Statins and dementia",
                "ethicsCommittee", "hus",
                "registerHolders", List.of("thl", "statfi")));
        variables.putAll(extra);
        return variables;
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class EthicsReview {

        @AfterAll
        void everyElementWasPassed() {
            driver.assertEveryElementVisited("ethics-review.bpmn");
        }

        /** Starts a review whose lookup finds an earlier valid statement; returns the instance's key. */
        private long startWithEarlierStatementFound() {
            driver.worker(
                    "lookup-ethics-statement",
                    job -> Map.of("ethicsStatementFound", true, "ethicsOutcome", "favourable"));
            try {
                long key = driver.start("ethics-review", caseVariables(Map.of("ethicsReference", "TUKIJA/123/2026")));
                driver.runWorkers();
                return key;
            } finally {
                driver.worker("lookup-ethics-statement", job -> Map.of("ethicsStatementFound", false));
            }
        }

        @Test
        void anEarlierValidStatementIsUsed() {
            long key = startWithEarlierStatementFound();
            assertThat(driver.completed(key)).as("an officer confirms it first").isFalse();
            driver.complete(
                    "Task_ConfirmEarlierStatement",
                    Map.of("ethicsReuse", "confirm", "ethicsReuseNotes", "Same project."));
            assertThat(driver.completed(key)).isTrue();
            assertThat(driver.openUserTasks()).isEmpty();
        }

        @Test
        void anEarlierStatementTheOfficerDoesNotAcceptIsReplacedByANewOne() {
            long key = startWithEarlierStatementFound();
            driver.complete(
                    "Task_ConfirmEarlierStatement",
                    Map.of("ethicsReuse", "reject", "ethicsReuseNotes", "Another project."));
            driver.complete(
                    "Task_EnterEthicsStatement",
                    Map.of(
                            "ethicsOutcome", "favourable",
                            "ethicsStatementText", "Favourable.",
                            "ethicsReferenceNumber", "TUKIJA/9/2026",
                            "ethicsStatementDate", "2026-12-01"));
            assertThat(driver.completed(key)).isTrue();
        }

        @Test
        void theCommitteeAnswersAfterAReminder() {
            long key = driver.start("ethics-review", caseVariables(Map.of()));
            var task = driver.userTask("Task_EnterEthicsStatement");
            assertThat(task.getCustomHeaders())
                    .containsEntry("io.camunda.zeebe:candidateGroups", "[\"ethics-committee:hus\"]");
            driver.travel(Duration.ofDays(4));
            driver.runWorkers();
            driver.complete("Task_EnterEthicsStatement", Map.of("ethicsOutcome", "unfavourable"));
            assertThat(driver.completed(key)).isTrue();
        }

        @Test
        void anOverdueStatementEscalatesToTheOfficerWhoWaitsOnceThenProceeds() {
            long key = driver.start("ethics-review", caseVariables(Map.of()));
            driver.userTask("Task_EnterEthicsStatement");
            driver.travel(Duration.ofDays(11));
            driver.complete("Task_ResolveEthicsDelay", Map.of("ethicsDelayDecision", "wait"));
            driver.userTask("Task_EnterEthicsStatement");
            driver.travel(Duration.ofDays(11));
            driver.complete("Task_ResolveEthicsDelay", Map.of("ethicsDelayDecision", "proceed"));
            assertThat(driver.completed(key)).isTrue();
            assertThat(driver.openUserTasks()).isEmpty();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class HolderConsultation {

        @AfterAll
        void everyElementWasPassed() {
            driver.assertEveryElementVisited("holder-consultation.bpmn");
        }

        @Test
        void theHolderAnswersAfterAReminder() {
            long key = driver.start("holder-consultation", caseVariables(Map.of("holder", "thl")));
            var task = driver.userTask("Task_AnswerConsultation");
            assertThat(task.getCustomHeaders())
                    .containsEntry("io.camunda.zeebe:candidateGroups", "[\"register-holder:thl\"]");
            driver.travel(Duration.ofDays(8));
            driver.runWorkers();
            driver.complete("Task_AnswerConsultation", Map.of("consultationStatement", "approve", "costEstimate", 500));
            assertThat(driver.completed(key)).isTrue();
        }

        @Test
        void anOverdueConsultationEscalatesAndTheOfficerMayProceedWithoutIt() {
            long key = driver.start("holder-consultation", caseVariables(Map.of("holder", "statfi")));
            driver.userTask("Task_AnswerConsultation");
            driver.travel(Duration.ofDays(11));
            driver.complete("Task_ResolveOverdueConsultation", Map.of("consultationDelayDecision", "wait"));
            driver.userTask("Task_AnswerConsultation");
            driver.travel(Duration.ofDays(11));
            driver.complete("Task_ResolveOverdueConsultation", Map.of("consultationDelayDecision", "proceed"));
            assertThat(driver.completed(key)).isTrue();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class DataCompilationAndDelivery {

        @AfterAll
        void everyElementWasPassed() {
            driver.assertEveryElementVisited("data-compilation.bpmn");
            driver.assertEveryElementVisited("secure-delivery.bpmn");
        }

        @Test
        void eachHolderConfirmsItsExtractionOneLateThenTheOfficerApproves() {
            long key = driver.start("data-compilation", caseVariables(Map.of()));
            assertThat(driver.userTasks("Task_ConfirmExtraction"))
                    .extracting(t -> t.getCustomHeaders().get("io.camunda.zeebe:candidateGroups"))
                    .containsExactlyInAnyOrder("[\"register-holder:thl\"]", "[\"register-holder:statfi\"]");
            driver.complete("Task_ConfirmExtraction", Map.of("extractionStatus", "delivered"));
            driver.travel(Duration.ofDays(11));
            driver.runWorkers();
            driver.complete("Task_ConfirmExtraction", Map.of("extractionStatus", "delivered"));
            driver.complete("Task_ApproveDataset", Map.of("datasetApproval", "approve"));
            assertThat(driver.completed(key)).isTrue();
        }

        @Test
        void deliveryRecordsTheDataAndTheAccess() {
            long key = driver.start("secure-delivery", caseVariables(Map.of()));
            driver.runWorkers();
            assertThat(driver.completed(key)).isTrue();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OutputReview {

        final List<Map<String, Object>> decisions = new java.util.ArrayList<>();

        @AfterAll
        void everyElementWasPassed() {
            driver.assertEveryElementVisited("output-review.bpmn");
        }

        void submit(boolean checksPass) {
            driver.worker("check-output", job -> Map.of("checksPassed", checksPass, "findingsText", "x"));
            driver.worker("record-output-decision", job -> {
                decisions.add(job.getVariablesAsMap());
                return Map.of();
            });
            var variables = caseVariables(Map.of("outputId", UUID.randomUUID().toString()));
            driver.publish("output-submitted", (String) variables.get("outputId"), variables);
            driver.runWorkers();
        }

        @Test
        void anOutputFailingTheChecksIsRecordedWithoutReview() {
            decisions.clear();
            submit(false);
            assertThat(driver.openUserTasks()).doesNotContain("Task_ReviewOutput");
            assertThat(decisions)
                    .singleElement()
                    .satisfies(d -> assertThat(d.get("checksPassed")).isEqualTo(false));
        }

        @Test
        void aReleaseWaitsForASecondOfficersConfirmation() {
            decisions.clear();
            submit(true);
            assertThat(decisions).isEmpty();
            driver.complete(
                    "Task_ReviewOutput",
                    Map.of("outputDecision", "approve", "outputReasons", "aggregates only", "outputReviewBy", "olli"));
            assertThat(decisions).as("not released on one officer's word").isEmpty();
            var confirmation = driver.userTask("Task_ConfirmRelease");
            assertThat(confirmation.getCustomHeaders()).containsEntry("fourEyesWith", "outputReviewBy");
            driver.complete("Task_ConfirmRelease", Map.of("releaseConfirmation", "confirm"));
            assertThat(decisions)
                    .singleElement()
                    .satisfies(d -> assertThat(d.get("releaseConfirmation")).isEqualTo("confirm"));
        }

        @Test
        void aRefusalByTheReviewerNeedsNoSecondOfficer() {
            decisions.clear();
            submit(true);
            driver.complete(
                    "Task_ReviewOutput", Map.of("outputDecision", "reject", "outputReasons", "a row per person"));
            assertThat(driver.openUserTasks()).doesNotContain("Task_ConfirmRelease");
            assertThat(decisions)
                    .singleElement()
                    .satisfies(d -> assertThat(d.get("outputDecision")).isEqualTo("reject"));
        }
    }
}

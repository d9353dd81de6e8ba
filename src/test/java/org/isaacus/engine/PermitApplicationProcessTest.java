package org.isaacus.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every path of processes/permit-application.bpmn, with time travel for its timers. The last check proves
 * that together the tests passed every flow node and sequence flow of the file.
 */
class PermitApplicationProcessTest {

    static ProcessDriver driver;

    @BeforeAll
    static void start() {
        driver = new ProcessDriver();
    }

    @AfterAll
    static void everyElementWasPassed() {
        try {
            driver.assertEveryElementVisited("permit-application.bpmn");
        } finally {
            driver.close();
        }
    }

    @Test
    void grantWithConditionsAfterEthicsReviewAndTwoConsultationsThenRenewalExpiryAndDeletion() {
        // the applicant declares consent, but medical research needs the committee's statement all the same
        String caseId = submit(Map.of("consentObtained", true, "medicalResearch", true));
        var completeness = driver.userTask("Task_CheckCompleteness");
        assertThat(completeness.getCustomHeaders())
                .containsEntry("io.camunda.zeebe:candidateGroups", "[\"permit-officer\"]")
                .containsKey("io.camunda.zeebe:dueDate")
                .containsKey("io.camunda.zeebe:formKey");
        assertThat(completeness.getVariablesAsMap()).doesNotContainKey("routing");
        driver.complete("Task_CheckCompleteness", Map.of("completeness", "complete"));

        // ethics review: no earlier statement, the named committee answers
        var ethics = driver.userTask("Task_EnterEthicsStatement");
        assertThat(ethics.getVariablesAsMap().get("routing"))
                .isEqualTo(Map.of("ethicsStatementRequired", true, "reviewTrack", "research"));
        // the holders are consulted at the same time, not after the committee
        assertThat(driver.userTasks("Task_AnswerConsultation")).hasSize(2);
        assertThat(ethics.getCustomHeaders())
                .containsEntry("io.camunda.zeebe:candidateGroups", "[\"ethics-committee:tukija\"]");
        driver.complete("Task_EnterEthicsStatement", Map.of("ethicsOutcome", "favourable-with-conditions"));

        // two register holders answer in parallel, each in its own group
        assertThat(driver.userTasks("Task_AnswerConsultation"))
                .extracting(t -> t.getCustomHeaders().get("io.camunda.zeebe:candidateGroups"))
                .containsExactlyInAnyOrder("[\"register-holder:kela\"]", "[\"register-holder:thl\"]");
        driver.complete("Task_AnswerConsultation", Map.of("consultationStatement", "approve", "costEstimate", 800));
        driver.complete(
                "Task_AnswerConsultation",
                Map.of("consultationStatement", "approve-with-conditions", "costEstimate", 1200));

        var fee = driver.userTask("Task_AcceptFee");
        assertThat(fee.getCustomHeaders()).containsEntry("io.camunda.zeebe:assignee", "aino");
        assertThat(fee.getVariablesAsMap().get("fee"))
                .isEqualTo(Map.of("feeCategory", "normal", "baseFee", 1000, "hourlyRate", 115));
        // the estimate adds the holders' extraction costs to the authority's fee
        assertThat(((Number) fee.getVariablesAsMap().get("feeEstimate")).intValue())
                .isEqualTo(1000 + 800 + 1200);
        assertThat(fee.getVariablesAsMap().get("holderStatements")).asList().hasSize(2);
        driver.complete("Task_AcceptFee", Map.of("feeDecision", "accept"));

        var draft = driver.userTask("Task_DraftDecision");
        assertThat(draft.getVariablesAsMap().get("proposal"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("proposedOutcome", "grant-with-conditions");
        driver.complete("Task_DraftDecision", Map.of("outcome", "grant-with-conditions", "decisionDraftBy", "olli"));
        var approval = driver.userTask("Task_ApproveDecision");
        assertThat(approval.getCustomHeaders()).containsEntry("fourEyesWith", "decisionDraftBy");
        driver.complete("Task_ApproveDecision", Map.of("approval", "return"));
        driver.complete("Task_DraftDecision", Map.of("outcome", "grant-with-conditions", "decisionDraftBy", "olli"));
        driver.complete("Task_ApproveDecision", Map.of("approval", "approve", "decisionApprovalBy", "oona"));

        // compilation: each holder confirms its extraction, the officer approves the dataset
        driver.complete("Task_ConfirmExtraction", Map.of("extractionStatus", "delivered"));
        driver.complete("Task_ConfirmExtraction", Map.of("extractionStatus", "delivered"));
        driver.complete("Task_ApproveDataset", Map.of("datasetApproval", "approve"));
        assertThat(driver.openUserTasks()).isEmpty();

        // in force: renewal once, a second request is turned down
        driver.publish("renewal-requested", caseId, Map.of());
        driver.complete("Task_DecideRenewal", Map.of("renewalDecision", "grant", "renewalDecisionBy", "olli"));
        // four eyes: a second officer approves before the validity moves
        assertThat(driver.userTask("Task_ApproveRenewal").getCustomHeaders())
                .containsEntry("fourEyesWith", "renewalDecisionBy");
        driver.complete("Task_ApproveRenewal", Map.of("renewalApproval", "approve"));
        driver.publish("renewal-requested", caseId, Map.of());
        driver.runWorkers();
        assertThat(driver.openUserTasks()).isEmpty();
        driver.publish("renewal-requested", caseId, Map.of());
        driver.runWorkers();

        // 30 days before the (renewed) end: reminder; at the end: expiry, access revoked, deletion due
        driver.travel(Duration.ofDays(740));
        driver.runWorkers();
        driver.travel(Duration.ofDays(30));
        driver.runWorkers();
        driver.userTask("Task_ConfirmDeletion");
        driver.travel(Duration.ofDays(11));
        driver.runWorkers();
        var deletion = driver.complete("Task_ConfirmDeletion", Map.of("deletionConfirmed", true));
        assertThat(driver.completed(deletion.getProcessInstanceKey())).isTrue();
        assertThat(driver.statuses()).containsSubsequence("under-assessment", "expired");
    }

    /** Access is suspended at once; the holder is heard, the decision written and issued; only then deletion. */
    @Test
    void aRevokedPermitIsSuspendedHeardDecidedAndOnlyThenDeleted() {
        String caseId = permitInForce();
        driver.publish("permit-revoked", caseId, Map.of("revocationReason", "Data shown outside the team"));
        driver.runWorkers();
        assertThat(driver.statuses()).endsWith("suspended");
        var hearing = driver.userTask("Task_HearPermitHolder");
        assertThat(hearing.getCustomHeaders())
                .containsEntry("io.camunda.zeebe:assignee", "aino")
                .containsKey("io.camunda.zeebe:dueDate");
        assertThat(hearing.getVariablesAsMap()).containsEntry("revocationReason", "Data shown outside the team");
        driver.complete("Task_HearPermitHolder", Map.of("hearingStatement", "It was our own team."));
        assertThat(driver.openUserTasks()).containsExactly("Task_DecideRevocation");
        driver.complete("Task_DecideRevocation", Map.of("revocationReasons", "The condition on access was broken."));
        var deletion = driver.complete("Task_ConfirmDeletion", Map.of("deletionConfirmed", true));
        assertThat(driver.completed(deletion.getProcessInstanceKey())).isTrue();
        assertThat(driver.statuses()).containsSubsequence("data-available", "suspended", "revoked");
        assertThat(driver.engine().visitedElements()).contains("Task_IssueRevocationDecision");
    }

    /** A revocation reaches a permit whose data is still being compiled: the compilation stops. */
    @Test
    void revocationDuringCompilationStopsIt() {
        String caseId = granted();
        assertThat(driver.openUserTasks()).containsExactly("Task_ApproveDataset");
        assertThat(driver.statuses()).endsWith("data-in-preparation");
        driver.publish("permit-revoked", caseId, Map.of());
        assertThat(driver.openUserTasks()).containsExactly("Task_HearPermitHolder");
        // no statement within the hearing period: the officer decides without it
        driver.travel(Duration.ofDays(11));
        driver.runWorkers();
        assertThat(driver.openUserTasks()).containsExactly("Task_DecideRevocation");
        driver.complete("Task_DecideRevocation", Map.of("revocationReasons", "The purpose was not the permitted one."));
        driver.complete("Task_ConfirmDeletion", Map.of("deletionConfirmed", true));
        assertThat(driver.statuses()).containsSubsequence("data-in-preparation", "suspended", "revoked");
        assertThat(driver.statuses()).doesNotContain("data-available");
    }

    /** A revocation that arrives while the data is being delivered (the delivery job is running) stops it. */
    @Test
    void revocationDuringDeliveryStopsIt() {
        String caseId = granted();
        driver.worker("deliver-to-spe", job -> {
            driver.engine()
                    .client()
                    .newPublishMessageCommand()
                    .messageName("permit-revoked")
                    .correlationKey(caseId)
                    .timeToLive(Duration.ZERO)
                    .send()
                    .join();
            return Map.of();
        });
        try {
            driver.complete("Task_ApproveDataset", Map.of("datasetApproval", "approve"));
        } finally {
            driver.worker("deliver-to-spe", job -> Map.of());
        }
        assertThat(driver.openUserTasks()).containsExactly("Task_HearPermitHolder");
        assertThat(driver.statuses()).doesNotContain("data-available");
        driver.publish("application-withdrawn", caseId, Map.of());
        driver.runWorkers();
    }

    /** A revocation while a renewal is being decided ends the renewal too. */
    @Test
    void revocationWhileARenewalIsPendingEndsTheRenewal() {
        String caseId = permitInForce();
        driver.publish("renewal-requested", caseId, Map.of());
        driver.userTask("Task_DecideRenewal");
        driver.publish("permit-revoked", caseId, Map.of());
        assertThat(driver.openUserTasks()).containsExactly("Task_HearPermitHolder");
        driver.publish("application-withdrawn", caseId, Map.of());
        driver.runWorkers();
    }

    /** An amendment reaches a permit during compilation; the compilation goes on. */
    @Test
    void anAmendmentDuringCompilationIsRecordedAndTheCompilationGoesOn() {
        String caseId = granted();
        driver.publish("permit-amended", caseId, Map.of("amendedPersons", List.of("aino")));
        assertThat(driver.engine().visitedElements()).contains("EndEvent_AmendmentRecorded");
        assertThat(driver.openUserTasks()).containsExactly("Task_ApproveDataset");
        driver.publish("application-withdrawn", caseId, Map.of());
        driver.runWorkers();
    }

    /** A grant can be appealed too; the permit goes on while the court decides, and the outcome is recorded. */
    @Test
    void aGrantIsAppealedAndTheCourtsOutcomeRecorded() {
        String caseId = granted();
        driver.publish("appeal-lodged", caseId, Map.of());
        assertThat(driver.openUserTasks()).containsExactly("Task_ApproveDataset", "Task_EnterGrantCourtOutcome");
        driver.complete(
                "Task_EnterGrantCourtOutcome", Map.of("courtOutcome", "upheld", "courtDecidedOn", "2027-03-01"));
        assertThat(driver.engine().visitedElements()).contains("EndEvent_GrantAppealDecided");
        driver.complete("Task_ApproveDataset", Map.of("datasetApproval", "approve"));
        assertThat(driver.statuses()).endsWith("data-available");
        driver.publish("application-withdrawn", caseId, Map.of());
        driver.runWorkers();
    }

    @Test
    void aRenewalTheSecondOfficerDoesNotApproveLeavesThePermitAsItWas() {
        String caseId = permitInForce();
        driver.publish("renewal-requested", caseId, Map.of());
        driver.complete("Task_DecideRenewal", Map.of("renewalDecision", "grant"));
        driver.complete("Task_ApproveRenewal", Map.of("renewalApproval", "return"));
        // still in force, and the one renewal is still there to ask for (renewals stayed 0: nothing extended)
        driver.publish("renewal-requested", caseId, Map.of());
        assertThat(driver.userTask("Task_DecideRenewal")).isNotNull();
        driver.complete("Task_DecideRenewal", Map.of("renewalDecision", "refuse"));
        driver.publish("application-withdrawn", caseId, Map.of());
        driver.runWorkers();
    }

    @Test
    void renewalThatIsRefusedKeepsThePermitUntilItsEnd() {
        String caseId = permitInForce();
        driver.publish("renewal-requested", caseId, Map.of());
        driver.complete("Task_DecideRenewal", Map.of("renewalDecision", "refuse"));
        driver.publish("application-withdrawn", caseId, Map.of());
        driver.runWorkers();
        assertThat(driver.openUserTasks()).isEmpty();
    }

    @Test
    void anAmendmentExtendsThePermitInForce() {
        String permit = permitInForce();

        String amendment =
                submit(Map.of("applicationType", "amendment", "existingPermit", permit, "registerHolders", List.of()));
        driver.complete("Task_CheckCompleteness", Map.of("completeness", "complete"));
        var fee = driver.userTask("Task_AcceptFee");
        assertThat(fee.getVariablesAsMap().get("routing"))
                .isEqualTo(Map.of("ethicsStatementRequired", false, "reviewTrack", "amendment"));
        assertThat(fee.getVariablesAsMap().get("fee"))
                .isEqualTo(Map.of("feeCategory", "amendment", "baseFee", 350, "hourlyRate", 115));
        driver.complete("Task_AcceptFee", Map.of("feeDecision", "accept"));
        driver.complete("Task_DraftDecision", Map.of("outcome", "grant", "decisionDraftBy", "olli"));
        var approval = driver.complete("Task_ApproveDecision", Map.of("approval", "approve"));
        assertThat(driver.completed(approval.getProcessInstanceKey()))
                .as("the amendment case ends")
                .isTrue();
        assertThat(driver.engine().visitedElements()).contains("Task_RecordAmendment", "EndEvent_AmendmentApplied");

        // the permit is still in force, with its new end date, and can be withdrawn from the test
        driver.currentCase(permit);
        driver.publish("application-withdrawn", permit, Map.of());
        driver.runWorkers();
        driver.currentCase(amendment);
    }

    /** The officer's reading of the research plan, not the applicant's tick, decides whether the committee is asked. */
    @Test
    void theOfficerCorrectsTheApplicantsAnswerAndTheEthicsReviewFollows() {
        String caseId = submit(Map.of("medicalResearch", false, "consentObtained", true));
        driver.complete("Task_CheckCompleteness", Map.of("completeness", "complete", "medicalResearch", true));
        assertThat(driver.userTask("Task_EnterEthicsStatement")).isNotNull();
        driver.publish("application-withdrawn", caseId, Map.of());
        driver.runWorkers();
        assertThat(driver.statuses()).endsWith("withdrawn");
    }

    @Test
    void refusalIsAppealed() {
        String caseId = submit(Map.of("medicalResearch", false));
        driver.complete("Task_CheckCompleteness", Map.of("completeness", "complete"));
        driver.complete("Task_AnswerConsultation", Map.of("consultationStatement", "object"));
        driver.complete("Task_AnswerConsultation", Map.of("consultationStatement", "approve"));
        driver.complete("Task_AcceptFee", Map.of("feeDecision", "accept"));
        driver.complete("Task_DraftDecision", Map.of("outcome", "refuse", "decisionDraftBy", "olli"));
        var approval = driver.complete("Task_ApproveDecision", Map.of("approval", "approve"));
        driver.publish("appeal-lodged", caseId, Map.of());
        driver.complete("Task_EnterCourtOutcome", Map.of("courtOutcome", "upheld", "courtDecidedOn", "2027-05-02"));
        assertThat(driver.completed(approval.getProcessInstanceKey())).isTrue();
    }

    @Test
    void refusalBecomesFinalWhenTheAppealPeriodEnds() {
        submit(Map.of("medicalResearch", false, "registerHolders", List.of()));
        driver.complete("Task_CheckCompleteness", Map.of("completeness", "complete"));
        driver.complete("Task_AcceptFee", Map.of("feeDecision", "accept"));
        driver.complete("Task_DraftDecision", Map.of("outcome", "refuse", "decisionDraftBy", "olli"));
        var approval = driver.complete("Task_ApproveDecision", Map.of("approval", "approve"));
        // from service (the third day after the e-mail) 30 days, rolled over holidays: appealEndsAt
        driver.travel(Duration.ofDays(34));
        assertThat(driver.completed(approval.getProcessInstanceKey())).isTrue();
    }

    @Test
    void supplementRoundWithReminderThenWithdrawal() {
        String caseId = submit(Map.of());
        driver.complete(
                "Task_CheckCompleteness", Map.of("completeness", "incomplete", "completenessNotes", "Add the plan."));
        var supplement = driver.userTask("Task_SupplementApplication");
        assertThat(supplement.getCustomHeaders()).containsEntry("io.camunda.zeebe:assignee", "aino");
        driver.travel(Duration.ofDays(4)); // one week before the 10-day deadline of the stand-in worker
        driver.runWorkers();
        driver.complete("Task_SupplementApplication", Map.of("supplementAnswer", "Attached."));
        driver.userTask("Task_CheckCompleteness");
        driver.publish("application-withdrawn", caseId, Map.of());
        driver.runWorkers();
        // the work done is charged by the hour
        assertThat(driver.openUserTasks()).containsExactly("Task_RecordHoursWorked");
        driver.complete("Task_RecordHoursWorked", Map.of("hoursWorked", 3));
        assertThat(driver.openUserTasks()).isEmpty();
        assertThat(driver.statuses()).containsSubsequence("incomplete", "submitted", "withdrawn");
    }

    @Test
    void supplementThatNeverComesWithdrawsTheApplication() {
        submit(Map.of());
        driver.complete("Task_CheckCompleteness", Map.of("completeness", "incomplete"));
        var supplement = driver.userTask("Task_SupplementApplication");
        driver.travel(Duration.ofDays(11));
        driver.runWorkers();
        driver.complete("Task_RecordHoursWorked", Map.of("hoursWorked", 1));
        assertThat(driver.completed(supplement.getProcessInstanceKey())).isTrue();
        assertThat(driver.statuses()).endsWith("lapsed");
    }

    /** Not accepted within its time, the estimate lapses the application with a notice. */
    @Test
    void aFeeEstimateNotAcceptedInTimeLapsesTheApplication() {
        submit(Map.of("medicalResearch", false, "registerHolders", List.of(), "estimatedHours", 4));
        driver.complete("Task_CheckCompleteness", Map.of("completeness", "complete"));
        var fee = driver.userTask("Task_AcceptFee");
        assertThat(fee.getCustomHeaders()).containsKey("io.camunda.zeebe:dueDate");
        assertThat(((Number) fee.getVariablesAsMap().get("feeEstimate")).intValue())
                .isEqualTo(1000 + 4 * 115);
        driver.travel(Duration.ofDays(11));
        driver.runWorkers();
        driver.complete("Task_RecordHoursWorked", Map.of("hoursWorked", 5));
        assertThat(driver.completed(fee.getProcessInstanceKey())).isTrue();
        assertThat(driver.statuses()).endsWith("lapsed");
        assertThat(driver.engine().visitedElements())
                .contains(
                        "Task_NotifyFeeEstimate", "Task_NotifyFeeLapsed", "EndEvent_FeeLapsed", "EndEvent_NoDecision");
    }

    /**
     * Officers and managers are warned before and at the deadline; an extension tells the applicant and the
     * watch starts again from the new deadline, early or after the warning.
     */
    @Test
    void theDeadlineIsWatchedAndAnExtensionMovesTheWatch() {
        String caseId = submit(Map.of());
        driver.complete("Task_CheckCompleteness", Map.of("completeness", "complete"));
        driver.publish(
                "decision-deadline-extended",
                caseId,
                Map.of(
                        "decisionWarnAt",
                        driver.in(Duration.ofDays(5)),
                        "decisionDueAt",
                        driver.in(Duration.ofDays(8))));
        driver.travel(Duration.ofDays(6));
        driver.runWorkers();
        assertThat(driver.engine().visitedElements()).contains("Task_NotifyExtension", "Task_WarnDeadlineNear");
        driver.publish(
                "decision-deadline-extended",
                caseId,
                Map.of(
                        "decisionWarnAt",
                        driver.in(Duration.ofDays(1)),
                        "decisionDueAt",
                        driver.in(Duration.ofDays(3))));
        driver.travel(Duration.ofDays(4));
        driver.runWorkers();
        assertThat(driver.engine().visitedElements())
                .contains("Event_DeadlineExtendedLate", "Task_WarnDeadlinePassed", "EndEvent_DeadlineWatchEnded");
        // withdrawn after the committee and the holders were asked: both are told
        driver.publish("application-withdrawn", caseId, Map.of());
        driver.runWorkers();
        assertThat(driver.statuses()).endsWith("withdrawn");
        assertThat(driver.engine().visitedElements())
                .contains("Task_NotifyCommitteeOfWithdrawal", "Task_NotifyHoldersOfWithdrawal", "Task_StopLegalClock");
    }

    /** Withdrawn while only the holders were consulted: they are told, no committee is. */
    @Test
    void aWithdrawalDuringTheConsultationTellsTheHolders() {
        String caseId = submit(Map.of("medicalResearch", false));
        driver.complete("Task_CheckCompleteness", Map.of("completeness", "complete"));
        assertThat(driver.userTasks("Task_AnswerConsultation")).hasSize(2);
        driver.publish("application-withdrawn", caseId, Map.of());
        driver.runWorkers();
        assertThat(driver.statuses()).endsWith("withdrawn");
        assertThat(driver.engine().visitedElements()).contains("Task_NotifyHoldersOfWithdrawal");
    }

    /** Once the decision is approved a withdrawal has nothing to reach: the permit goes on. */
    @Test
    void aWithdrawalAfterTheApprovalReachesNothing() {
        String caseId = granted();
        driver.publish("application-withdrawn", caseId, Map.of());
        driver.runWorkers();
        assertThat(driver.statuses()).doesNotContain("withdrawn");
        assertThat(driver.openUserTasks()).containsExactly("Task_ApproveDataset");
    }

    @Test
    void decliningTheFeeEndsTheCase() {
        submit(Map.of("medicalResearch", false, "registerHolders", List.of()));
        driver.complete("Task_CheckCompleteness", Map.of("completeness", "complete"));
        var fee = driver.complete("Task_AcceptFee", Map.of("feeDecision", "decline"));
        driver.complete("Task_RecordHoursWorked", Map.of("hoursWorked", 6));
        assertThat(driver.completed(fee.getProcessInstanceKey())).isTrue();
    }

    @Test
    void dataRequestEndsWithStatisticsAndNoSecureEnvironment() {
        submit(Map.of("applicationType", "data-request", "registerHolders", List.of()));
        driver.complete("Task_CheckCompleteness", Map.of("completeness", "complete"));
        driver.complete("Task_AcceptFee", Map.of("feeDecision", "accept"));
        driver.complete("Task_DraftDecision", Map.of("outcome", "grant", "decisionDraftBy", "olli"));
        driver.complete("Task_ApproveDecision", Map.of("approval", "approve"));
        driver.complete("Task_ApproveDataset", Map.of("datasetApproval", "approve"));
        assertThat(driver.openUserTasks()).isEmpty();
        assertThat(driver.statuses()).endsWith("closed");
        // the delivered statistics are kept for their retention period, then deleted with evidence
        driver.travel(Duration.ofDays(11));
        driver.runWorkers();
        assertThat(driver.engine().visitedElements())
                .contains("EndEvent_StatisticsDelivered", "Task_DeleteStatistics", "EndEvent_RequestClosed");
    }

    @Test
    void submittingTheSameCaseTwiceStartsOneInstance() {
        String caseId = UUID.randomUUID().toString();
        driver.currentCase(caseId);
        publishSubmitted(caseId, Map.of());
        assertThatThrownBy(() -> publishSubmitted(caseId, Map.of()))
                .isInstanceOfSatisfying(
                        ClientStatusException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
        assertThat(driver.openUserTasks()).containsExactly("Task_CheckCompleteness");
        driver.publish("application-withdrawn", caseId, Map.of());
        driver.runWorkers();
    }

    private static String submit(Map<String, Object> overrides) {
        String caseId = UUID.randomUUID().toString();
        driver.currentCase(caseId);
        publishSubmitted(caseId, overrides);
        return caseId;
    }

    /** A data permit with no holders to consult, granted and delivered: now in force. */
    private String permitInForce() {
        String caseId = granted();
        driver.complete("Task_ApproveDataset", Map.of("datasetApproval", "approve"));
        return caseId;
    }

    /** A data permit with no holders to consult, granted: its data is being compiled. */
    private String granted() {
        String caseId = submit(Map.of("medicalResearch", false, "registerHolders", List.of()));
        driver.complete("Task_CheckCompleteness", Map.of("completeness", "complete"));
        driver.complete("Task_AcceptFee", Map.of("feeDecision", "accept"));
        driver.complete("Task_DraftDecision", Map.of("outcome", "grant", "decisionDraftBy", "olli"));
        driver.complete("Task_ApproveDecision", Map.of("approval", "approve"));
        return caseId;
    }

    private static void publishSubmitted(String caseId, Map<String, Object> overrides) {
        Map<String, Object> variables = new HashMap<>(Map.of(
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
                "medicalResearch",
                true,
                "ethicsCommittee",
                "tukija"));
        variables.put("renewals", 0);
        variables.putAll(overrides);
        driver.engine()
                .client()
                .newPublishMessageCommand()
                .messageName(ProcessIds.MESSAGE_APPLICATION_SUBMITTED)
                .correlationKey(caseId)
                .messageId("submitted-" + caseId)
                .timeToLive(Duration.ofMinutes(5))
                .variables(variables)
                .send()
                .join();
    }
}

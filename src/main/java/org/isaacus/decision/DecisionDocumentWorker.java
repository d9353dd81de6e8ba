package org.isaacus.decision;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

// public: the Camunda client invokes worker methods reflectively
@Component
public class DecisionDocumentWorker {

    /** When the drafting officer gives no end date, a permit is valid for this long. */
    static final int DEFAULT_VALIDITY_YEARS = 2;

    private static final java.util.Set<String> AMENDING = java.util.Set.of("amendment", "renewal");

    private final DecisionDocuments documents;
    private final DecisionTaskContext drafts;
    private final java.time.Clock clock;

    DecisionDocumentWorker(DecisionDocuments documents, DecisionTaskContext drafts, java.time.Clock clock) {
        this.documents = documents;
        this.drafts = drafts;
        this.clock = clock;
    }

    /** Issues the document; answers the permit's end of validity as a date-time the expiry timers can use. */
    @JobWorker(type = "generate-decision-document")
    public Map<String, Object> generate(
            ActivatedJob job,
            @Variable String caseId,
            @Variable String outcome,
            @Variable String decisionReasons,
            @Variable String conditions,
            @Variable String validUntil,
            @Variable String decisionDraftBy,
            @Variable String decisionApprovalBy,
            @Variable String applicant,
            @Variable String applicationType,
            @Variable String title,
            @Variable List<String> datasets) {
        LocalDate end = validUntil == null || validUntil.isBlank()
                ? LocalDate.now(clock).plusYears(DEFAULT_VALIDITY_YEARS)
                : LocalDate.parse(validUntil.substring(0, 10));
        UUID id = UUID.fromString(caseId);
        // a grant of a new permit is recorded as data in the document's transaction; an amendment changes the
        // permit it names instead (amend-permit)
        Permit permit = "refuse".equals(outcome) || AMENDING.contains(applicationType)
                ? null
                : drafts.permitOf(id, applicationType, job.getVariablesAsMap(), end);
        documents.issue(
                job.getKey(),
                id,
                permit,
                new DecisionDocuments.Decision(
                        outcome,
                        decisionReasons,
                        conditions,
                        "refuse".equals(outcome) ? null : end,
                        decisionDraftBy,
                        decisionApprovalBy),
                applicant,
                title,
                datasets == null ? List.of() : datasets);
        // the decision is e-mailed today; the appeal period runs from its service (see Deadlines.appealEndsOn)
        var appealEnds = org.isaacus.clock.Deadlines.appealEndsOn(Validity.today(clock));
        return Map.of("validUntil", Validity.endOf(end), "appealEndsAt", Validity.endOf(appealEnds));
    }
}

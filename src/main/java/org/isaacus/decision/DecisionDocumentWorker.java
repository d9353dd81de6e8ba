package org.isaacus.decision;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

@Component
public class DecisionDocumentWorker {

    private final DecisionDocuments documents;

    DecisionDocumentWorker(DecisionDocuments documents) {
        this.documents = documents;
    }

    @JobWorker(type = "generate-decision-document")
    public void generate(
            ActivatedJob job,
            @Variable String caseId,
            @Variable String outcome,
            @Variable String decisionReasons,
            @Variable String permitDecisionBy,
            @Variable String applicant,
            @Variable String title,
            @Variable List<String> datasets) {
        documents.issue(
                job.getKey(),
                UUID.fromString(caseId),
                outcome,
                decisionReasons,
                permitDecisionBy,
                applicant,
                title,
                datasets == null ? List.of() : datasets);
    }
}

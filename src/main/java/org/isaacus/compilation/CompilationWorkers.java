package org.isaacus.compilation;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.Map;
import java.util.UUID;
import org.isaacus.tasks.UserTaskCompleted;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Workers of processes/data-compilation.bpmn, and the answers of its two human steps. */
@Component
public class CompilationWorkers {

    private final Compilation compilation;
    private final DatasetCompiler compiler;

    CompilationWorkers(Compilation compilation, DatasetCompiler compiler) {
        this.compilation = compilation;
        this.compiler = compiler;
    }

    @JobWorker(type = "order-extraction")
    public void orderExtraction(ActivatedJob job, @Variable String caseId, @Variable String holder) {
        compilation.order(job.getKey(), UUID.fromString(caseId), holder);
    }

    /** Minutes of work on a large permit: the default 5-minute job timeout would hand it to a second worker. */
    @JobWorker(type = "pseudonymise-and-link", timeout = 3_600_000L)
    public Map<String, Object> pseudonymiseAndLink(@Variable String caseId) {
        var report = compiler.compile(UUID.fromString(caseId));
        @SuppressWarnings("unchecked")
        var cohort = (Map<String, Object>) report.get("cohort");
        return Map.of("cohortPersons", cohort.get("persons"));
    }

    /** Recorded in the transaction that closes the task, so an answer is never lost or doubled. */
    @EventListener
    void on(UserTaskCompleted done) {
        switch (done.formId()) {
            case "extraction-confirmation" ->
                compilation.answer(
                        done.caseId(),
                        String.valueOf(done.taskVariables().get("holder")),
                        String.valueOf(done.data().get("extractionStatus")),
                        done.data().get("extractionNotes") instanceof String s ? s : null,
                        done.completedBy());
            case "dataset-approval" -> compilation.approve(done.caseId(), done.completedBy());
            default -> {}
        }
    }
}

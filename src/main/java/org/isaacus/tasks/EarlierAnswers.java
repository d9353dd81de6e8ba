package org.isaacus.tasks;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.isaacus.forms.FormDefinitions;
import org.isaacus.identity.CurrentUser;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The answers of earlier steps that matter to a task, beside its form: who answered, when and what, in words.
 * Which steps matter is named per form below. Only the authority's own steps have any: a register holder's, an
 * ethics committee's or an applicant's task shows its own form and nothing another party answered.
 */
@RestController
class EarlierAnswers {

    private static final List<String> ASSESSMENT = List.of(
            "completeness-check",
            "supplement-answer",
            "ethics-statement",
            "ethics-reuse-confirmation",
            "ethics-delay",
            "consultation-answer",
            "consultation-overdue");

    static final Map<String, List<String>> MATTERS = Map.ofEntries(
            Map.entry("completeness-check", List.of("completeness-check", "supplement-answer")),
            Map.entry("decision-draft", ASSESSMENT),
            Map.entry(
                    "decision-approval",
                    java.util.stream.Stream.concat(
                                    java.util.stream.Stream.of("decision-draft", "decision-approval"),
                                    ASSESSMENT.stream())
                            .toList()),
            Map.entry("consultation-overdue", List.of("consultation-answer")),
            Map.entry("ethics-delay", List.of("ethics-statement")),
            Map.entry("hours-worked", List.of("consultation-answer", "extraction-confirmation")),
            Map.entry("dataset-approval", List.of("extraction-confirmation")),
            Map.entry("output-release-confirmation", List.of("output-review")),
            Map.entry("renewal-approval", List.of("renewal-decision")),
            Map.entry("revocation-decision", List.of("revocation-hearing")),
            Map.entry("court-outcome", List.of("decision-draft", "decision-approval")));

    record Earlier(String step, String answeredBy, OffsetDateTime answeredAt, List<FormDefinitions.Answered> fields) {}

    private final UserTaskService service;
    private final UserTaskRepository tasks;
    private final FormDefinitions forms;
    private final MessageSource messages;

    EarlierAnswers(UserTaskService service, UserTaskRepository tasks, FormDefinitions forms, MessageSource messages) {
        this.service = service;
        this.tasks = tasks;
        this.forms = forms;
        this.messages = messages;
    }

    @GetMapping("/api/tasks/{jobKey}/earlier")
    List<Earlier> earlier(@PathVariable long jobKey) {
        UserTask task = service.seen(CurrentUser.get(), jobKey); // 404 unless the caller may see the task
        List<String> matter = MATTERS.getOrDefault(task.formId(), List.of());
        if (task.caseId() == null || matter.isEmpty()) {
            return List.of();
        }
        var locale = LocaleContextHolder.getLocale();
        return tasks.answered(task.caseId(), matter).stream()
                .filter(r -> r.getJobKey() != jobKey)
                .map(r -> new Earlier(
                        UserTask.name(messages, r.getFormId(), locale),
                        r.getClosedBy(),
                        r.getClosedAt(),
                        forms.describe(r.getFormId(), tasks.answer(r), tasks.variables(r))))
                .filter(e -> !e.fields().isEmpty())
                .toList();
    }
}

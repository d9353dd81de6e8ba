package org.isaacus.tasks;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A human step as the task list shows it. {@code jobKey} is the engine's key for it. */
public record UserTask(
        long jobKey,
        long processInstanceKey,
        UUID caseId,
        String elementId,
        String formId,
        String title,
        List<String> candidateGroups,
        String assignee,
        OffsetDateTime dueAt,
        OffsetDateTime decisionDueAt,
        String caseType,
        String state,
        Map<String, Object> variables,
        OffsetDateTime createdAt,
        Map<String, Object> words) {

    /** A step's name in the reader's language ({@code taskname.<form>}), its form id where it has none. */
    public static String name(
            org.springframework.context.MessageSource messages, String formId, java.util.Locale locale) {
        return messages.getMessage("taskname." + formId, null, formId, locale);
    }

    /** The same task with its codes in words for the form's texts (a purpose, datasets, an outcome). */
    UserTask withWords(Map<String, Object> inWords) {
        return new UserTask(
                jobKey,
                processInstanceKey,
                caseId,
                elementId,
                formId,
                title,
                candidateGroups,
                assignee,
                dueAt,
                decisionDueAt,
                caseType,
                state,
                variables,
                createdAt,
                Map.copyOf(inWords));
    }
}

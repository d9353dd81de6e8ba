package org.isaacus.tasks;

import java.util.Map;
import java.util.UUID;

/**
 * A person finished a human step; published in the same transaction that closes the task. {@code data} is the
 * answer, {@code taskVariables} what the task was opened with (e.g. the holder of a multi-instance step).
 */
public record UserTaskCompleted(
        UUID caseId,
        String formId,
        String elementId,
        Map<String, Object> data,
        Map<String, Object> taskVariables,
        String completedBy) {}

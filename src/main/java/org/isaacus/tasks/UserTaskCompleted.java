package org.isaacus.tasks;

import java.util.Map;
import java.util.UUID;

/** A person finished a human step; published in the same transaction that closes the task. */
public record UserTaskCompleted(
        UUID caseId, String formId, String elementId, Map<String, Object> data, String completedBy) {}

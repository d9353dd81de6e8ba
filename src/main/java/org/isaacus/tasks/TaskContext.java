package org.isaacus.tasks;

import java.util.Map;
import java.util.UUID;

/**
 * What another stage adds to a task's variables when it opens, for the form to show: an extraction order to
 * the holder, a quality report to the officer. Read from the stage's own tables, never sent to the engine.
 */
public interface TaskContext {

    Map<String, Object> variables(String formId, UUID caseId, Map<String, Object> taskVariables);

    /**
     * What the stage added, in the reader's words for the form's texts (names instead of codes, numbers and dates
     * as the reader writes them): asked when the task is shown, as the values were stored when it opened.
     */
    default Map<String, Object> words(String formId, Map<String, Object> taskVariables, java.util.Locale locale) {
        return Map.of();
    }

    /**
     * Rules of the stage that a form alone cannot say (a grant names at least one dataset): field key → message.
     * Runs after the form's own validation, before anything is stored.
     */
    default Map<String, String> check(String formId, Map<String, Object> answer, Map<String, Object> taskVariables) {
        return Map.of();
    }
}

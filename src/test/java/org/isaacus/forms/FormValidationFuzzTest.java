package org.isaacus.forms;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;

/**
 * Coverage-guided fuzzing of what the API does with a request body: JSON as Jackson reads it into the map the
 * controllers take, validated against a form (the application form and the decision draft, whose options come
 * from the task). The validator must answer with field messages, never throw: a throw would be a 500.
 */
class FormValidationFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FormDefinitions FORMS =
            new FormDefinitions(JSON, org.isaacus.support.Messages.bundles(), new FormTranslations(JSON));
    private static final String[] FORM_IDS = {"permit-application", "decision-draft", "output-review"};

    @FuzzTest(maxDuration = "60s")
    void anyBodyIsValidatedWithoutThrowing(FuzzedDataProvider data) {
        String formId = data.pickValue(FORM_IDS);
        boolean complete = data.consumeBoolean();
        Map<String, Object> body;
        try {
            body = JSON.readValue(data.consumeRemainingAsString(), new TypeReference<Map<String, Object>>() {});
        } catch (JacksonException notJson) {
            return; // Spring answers 400 before any of our code runs
        }
        if (body == null) {
            return;
        }
        var validated = FORMS.validate(
                formId,
                body,
                complete,
                Map.of("datasetOptions", Set.of("care-register"), "requestedVariableOptions", Set.of("a.b")));
        validated.errors().forEach((field, message) -> {
            if (message == null || message.isBlank()) {
                throw new AssertionError("an error without a message for " + field);
            }
        });
    }
}

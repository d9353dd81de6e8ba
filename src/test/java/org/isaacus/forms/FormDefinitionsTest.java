package org.isaacus.forms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FormDefinitionsTest {

    final FormDefinitions forms = new FormDefinitions(new ObjectMapper());
    final Map<String, Set<String>> datasets = Map.of("datasetOptions", Set.of("care-register", "cancer-registry"));

    @Test
    void loadsEveryFormFromTheFormsFolder() {
        assertThat(forms.ids()).contains("permit-application", "completeness-check", "permit-decision");
    }

    @Test
    void aDraftMayBeIncompleteButNotWrong() {
        var draft = forms.validate("permit-application", Map.of("title", "Only a title"), false, datasets);
        assertThat(draft.ok()).isTrue();
        var submitted = forms.validate("permit-application", Map.of("title", "Only a title"), true, datasets);
        assertThat(submitted.errors()).containsKeys("purpose", "description", "datasets", "teamMembers");
    }

    @Test
    void unknownOptionsWrongTypesAndLongTextAreNamedPerField() {
        Map<String, Object> data = new HashMap<>();
        data.put("title", "t".repeat(201));
        data.put("purpose", "curiosity");
        data.put("datasets", List.of("care-register", "secret-register"));
        data.put("consentObtained", "yes");
        var result = forms.validate("permit-application", data, false, datasets);
        assertThat(result.errors()).containsOnlyKeys("title", "purpose", "datasets", "consentObtained");
    }

    @Test
    void keysTheFormDoesNotKnowAreDropped() {
        var result = forms.validate(
                "completeness-check", Map.of("completeness", "complete", "caseId", "forged"), true, Map.of());
        assertThat(result.ok()).isTrue();
        assertThat(result.data()).containsOnlyKeys("completeness");
    }

    @Test
    void minimumLengthCountsOnlyWhenComplete() {
        var shortReason = Map.<String, Object>of("outcome", "grant", "decisionReasons", "ok");
        assertThat(forms.validate("permit-decision", shortReason, true, Map.of())
                        .errors())
                .containsOnlyKeys("decisionReasons");
    }
}

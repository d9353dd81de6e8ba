package org.isaacus.forms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FormDefinitionsTest {

    final FormDefinitions forms = new FormDefinitions(
            new ObjectMapper(), org.isaacus.support.Messages.bundles(), new FormTranslations(new ObjectMapper()));
    final Map<String, Set<String>> datasets = Map.of("datasetOptions", Set.of("care-register", "cancer-registry"));

    @Test
    void loadsEveryFormFromTheFormsFolder() {
        assertThat(forms.ids())
                .contains(
                        "permit-application",
                        "completeness-check",
                        "supplement-answer",
                        "ethics-statement",
                        "consultation-answer",
                        "fee-acceptance",
                        "decision-draft",
                        "decision-approval");
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
        assertThat(forms.validate("decision-draft", shortReason, true, Map.of()).errors())
                .containsOnlyKeys("decisionReasons");
    }

    @Test
    void numbersDatesAndConfirmationsAreChecked() {
        var consultation = Map.<String, Object>of(
                "consultationStatement", "approve", "consultationText", "Fine by us.", "costEstimate", -5);
        assertThat(forms.validate("consultation-answer", consultation, true, Map.of())
                        .errors())
                .containsOnlyKeys("costEstimate");
        var notANumber = new HashMap<String, Object>(consultation);
        notANumber.put("costEstimate", "900");
        assertThat(forms.validate("consultation-answer", notANumber, true, Map.of())
                        .errors())
                .containsOnlyKeys("costEstimate");

        var statement = Map.<String, Object>of(
                "ethicsOutcome", "favourable",
                "ethicsStatementText", "A favourable statement.",
                "ethicsReferenceNumber", "HUS/1/2026",
                "ethicsStatementDate", "26.11.2026");
        assertThat(forms.validate("ethics-statement", statement, true, Map.of()).errors())
                .containsOnlyKeys("ethicsStatementDate");

        var unconfirmed = Map.<String, Object>of("deletionConfirmed", false, "deletionEvidence", "log 42");
        assertThat(forms.validate("deletion-evidence", unconfirmed, true, Map.of())
                        .errors())
                .containsOnlyKeys("deletionConfirmed");
    }

    @Test
    void variablesFilteredByAnExpressionAreStillCheckedAgainstTheListItFilters() {
        var options =
                Map.of("datasetOptions", Set.of("care-register"), "variableOptions", Set.of("care-register.icd10"));
        var known = Map.<String, Object>of(
                "datasets", List.of("care-register"), "variables", List.of("care-register.icd10"));
        assertThat(forms.validate("permit-application", known, false, options).ok())
                .isTrue();
        var invented = Map.<String, Object>of(
                "datasets", List.of("care-register"), "variables", List.of("care-register.password"));
        assertThat(forms.validate("permit-application", invented, false, options)
                        .errors())
                .containsOnlyKeys("variables");
        assertThat(forms.shownVariables("permit-application")).contains("variableOptions", "datasets");
    }

    @Test
    void fieldMessagesAreInTheReadersLanguageWithTheFieldsTranslatedLabel() {
        var empty = Map.<String, Object>of();
        try {
            org.springframework.context.i18n.LocaleContextHolder.setLocale(java.util.Locale.forLanguageTag("fi"));
            assertThat(forms.validate("permit-application", empty, true, datasets)
                            .errors()
                            .get("title"))
                    .isEqualTo("Hankkeen nimi: tieto on pakollinen");
            org.springframework.context.i18n.LocaleContextHolder.setLocale(java.util.Locale.forLanguageTag("sv"));
            assertThat(forms.validate("permit-application", empty, true, datasets)
                            .errors()
                            .get("title"))
                    .endsWith(": uppgiften är obligatorisk")
                    .doesNotStartWith("Title");
        } finally {
            org.springframework.context.i18n.LocaleContextHolder.resetLocaleContext();
        }
        assertThat(forms.validate("permit-application", empty, true, datasets)
                        .errors()
                        .get("title"))
                .endsWith(" is required");
    }

    @Test
    void anAnswerIsDescribedInWordsInTheReadersLanguage() {
        var answer = Map.<String, Object>of(
                "consultationStatement", "approve", "consultationText", "No objection.", "costEstimate", 500);
        assertThat(forms.describe("consultation-answer", answer, Map.of()))
                .extracting(FormDefinitions.Answered::label, FormDefinitions.Answered::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Statement", "No objection"),
                        org.assertj.core.groups.Tuple.tuple("Statement text and conditions", "No objection."),
                        org.assertj.core.groups.Tuple.tuple("Cost estimate for the extraction (EUR)", "500"));
        var chosen = Map.<String, Object>of("datasets", List.of("care-register"), "medicalResearch", true);
        var options = Map.<String, Object>of(
                "datasetOptions", List.of(Map.of("value", "care-register", "label", "Care Register")));
        try {
            org.springframework.context.i18n.LocaleContextHolder.setLocale(java.util.Locale.forLanguageTag("fi"));
            assertThat(forms.describe("consultation-answer", answer, Map.of()).getFirst())
                    .isEqualTo(new FormDefinitions.Answered("consultationStatement", "Lausunto", "Ei vastustusta"));
            assertThat(forms.describe("permit-application", chosen, options))
                    .extracting(FormDefinitions.Answered::value)
                    .containsExactlyInAnyOrder("Care Register", "Kyllä");
        } finally {
            org.springframework.context.i18n.LocaleContextHolder.resetLocaleContext();
        }
    }
}

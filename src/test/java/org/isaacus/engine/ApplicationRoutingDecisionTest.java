package org.isaacus.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One row per rule of decision-tables/application-routing.dmn, evaluated by the engine itself. */
class ApplicationRoutingDecisionTest {

    private static TestEngine engine;
    private static final Set<String> matched = new HashSet<>();

    @BeforeAll
    static void start() {
        engine = TestEngine.start();
        engine.deployModels();
    }

    @AfterAll
    static void everyRuleWasHit() {
        try {
            var model = Dmn.readModelFromFile(TestEngine.PROJECT
                    .resolve("decision-tables/application-routing.dmn")
                    .toFile());
            Set<String> rules = model.getModelElementsByType(Rule.class).stream()
                    .map(Rule::getId)
                    .collect(Collectors.toSet());
            assertThat(matched).containsExactlyInAnyOrderElementsOf(rules);
        } finally {
            engine.close();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "data-request, scientific-research, true,  false, Rule_DataRequest,             false, aggregate-statistics",
        "data-permit,  scientific-research, true,  false, Rule_ResearchWithoutConsent,  true,  research",
        "data-permit,  scientific-research, true,  true,  Rule_ResearchOther,           false, research",
        "data-permit,  scientific-research, false, false, Rule_ResearchOther,           false, research",
        "data-permit,  statistics,          true,  false, Rule_OtherPurposes,           false, standard",
        "data-permit,  public-health,       true,  false, Rule_OtherPurposes,           false, standard",
    })
    void routes(
            String type,
            String purpose,
            boolean healthData,
            boolean consent,
            String rule,
            boolean ethicsRequired,
            String track) {
        var result = engine.client()
                .newEvaluateDecisionCommand()
                .decisionId(ProcessIds.DECISION_APPLICATION_ROUTING)
                .variables(Map.of(
                        "applicationType", type,
                        "purpose", purpose,
                        "healthData", healthData,
                        "consentObtained", consent))
                .send()
                .join();
        var evaluated = result.getEvaluatedDecisions().getFirst();
        assertThat(evaluated.getMatchedRules()).hasSize(1);
        String ruleId = evaluated.getMatchedRules().getFirst().getRuleId();
        assertThat(ruleId).isEqualTo(rule);
        matched.add(ruleId);
        assertThat(result.getDecisionOutput())
                .isEqualToIgnoringWhitespace(
                        "{\"ethicsStatementRequired\":" + ethicsRequired + ",\"reviewTrack\":\"" + track + "\"}");
    }
}

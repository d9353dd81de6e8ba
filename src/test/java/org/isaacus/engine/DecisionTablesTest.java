package org.isaacus.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One row per rule of every table in decision-tables/, evaluated by the engine; a missed rule fails. */
class DecisionTablesTest {

    private static TestEngine engine;
    private static final Set<String> matched = new HashSet<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        engine = TestEngine.start();
        engine.deployModels();
    }

    @AfterAll
    static void everyRuleWasHit() {
        try {
            for (String file :
                    List.of("application-routing.dmn", "fees.dmn", "decision-proposal.dmn", "deadlines.dmn")) {
                var model = Dmn.readModelFromFile(TestEngine.PROJECT
                        .resolve("decision-tables")
                        .resolve(file)
                        .toFile());
                Set<String> rules = model.getModelElementsByType(Rule.class).stream()
                        .map(Rule::getId)
                        .collect(Collectors.toSet());
                assertThat(matched).as(file).containsAll(rules);
            }
        } finally {
            engine.close();
        }
    }

    /** Medical research needs a statement whatever the consent; register data alone never does (Act 488/1999). */
    @ParameterizedTest
    @CsvSource({
        "data-request, scientific-research, true,  true,  Rule_DataRequest,      false, aggregate-statistics",
        "data-permit,  scientific-research, true,  false, Rule_MedicalResearch,  true,  research",
        "data-permit,  scientific-research, true,  true,  Rule_MedicalResearch,  true,  research",
        "data-permit,  scientific-research, false, false, Rule_ResearchOther,    false, research",
        "data-permit,  scientific-research, ,      false, Rule_ResearchOther,    false, research",
        "data-permit,  statistics,          true,  false, Rule_OtherPurposes,    false, standard",
        "data-permit,  public-health,       false, false, Rule_OtherPurposes,    false, standard",
        "amendment,    scientific-research, true,  false, Rule_Amendment,        false, amendment",
        "renewal,      statistics,          false, false, Rule_Amendment,        false, amendment",
    })
    void applicationRouting(
            String type,
            String purpose,
            Boolean medicalResearch,
            boolean consent,
            String rule,
            boolean ethics,
            String track)
            throws Exception {
        Map<String, Object> input =
                new HashMap<>(Map.of("applicationType", type, "purpose", purpose, "consentObtained", consent));
        if (medicalResearch != null) {
            input.put("medicalResearch", medicalResearch);
        }
        var output = evaluate("application-routing", input, rule);
        assertThat(output.get("ethicsStatementRequired").asBoolean()).isEqualTo(ethics);
        assertThat(output.get("reviewTrack").asText()).isEqualTo(track);
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "null",
            value = {
                "amendment,    null,      Rule_Amendment,   amendment,    350",
                "renewal,      null,      Rule_Renewal,     renewal,      350",
                "data-request, null,      Rule_DataRequest, data-request, 600",
                "data-permit,  thesis,    Rule_Thesis,      thesis,       300",
                "data-permit,  limited,   Rule_Limited,     limited,      600",
                "data-permit,  extensive, Rule_Extensive,   extensive,    2600",
                "data-permit,  normal,    Rule_Normal,      normal,       1300",
                "data-permit,  null,      Rule_Normal,      normal,       1300",
            })
    void fees(String type, String scope, String rule, String category, int baseFee) throws Exception {
        var variables = new HashMap<String, Object>();
        variables.put("applicationType", type);
        variables.put("permitScope", scope);
        var output = evaluate("fees", variables, rule);
        assertThat(output.get("feeCategory").asText()).isEqualTo(category);
        assertThat(output.get("baseFee").asInt()).isEqualTo(baseFee);
        assertThat(output.get("hourlyRate").asInt()).isEqualTo(84);
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "null",
            value = {
                "unfavourable,               approve, Rule_EthicsUnfavourable, refuse",
                "missing,                    approve, Rule_EthicsMissing,      refuse",
                "favourable,                 object,  Rule_HolderObjection,    grant-with-conditions",
                "favourable-with-conditions, approve, Rule_EthicsConditions,   grant-with-conditions",
                "favourable,                 approve, Rule_Grant,              grant",
                "null,                       null,    Rule_Grant,              grant",
            })
    void decisionProposal(String ethicsOutcome, String holderStatement, String rule, String proposed) throws Exception {
        var variables = new HashMap<String, Object>();
        variables.put("ethicsOutcome", ethicsOutcome);
        variables.put(
                "holderStatements",
                holderStatement == null
                        ? null
                        : List.of(
                                Map.of("holder", "thl", "statement", holderStatement),
                                Map.of("holder", "kela", "statement", "approve")));
        var output = evaluate("decision-proposal", variables, rule);
        assertThat(output.get("proposedOutcome").asText()).isEqualTo(proposed);
        assertThat(output.get("appealPeriod").asText()).isEqualTo("P30D");
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "null",
            value = {
                "completeness-check,  Rule_CompletenessCheck,  10,   null",
                "supplement,          Rule_Supplement,         null, P28D",
                "ethics-statement,    Rule_EthicsStatement,    30,   null",
                "holder-consultation, Rule_HolderConsultation, 15,   null",
                "data-extraction,     Rule_DataExtraction,     30,   null",
                "data-deletion,       Rule_DataDeletion,       null, P6M",
                "revocation-hearing,  Rule_RevocationHearing,  null, P14D",
                "decision,            Rule_Decision,           null, P3M",
                "decision-extension,  Rule_DecisionExtension,  null, P3M",
            })
    void deadlines(String step, String rule, Integer workingDays, String period) throws Exception {
        var output = evaluate("deadlines", Map.of("step", step), rule);
        if (workingDays == null) {
            assertThat(output.get("workingDays").isNull()).isTrue();
            assertThat(output.get("period").asText()).isEqualTo(period);
        } else {
            assertThat(output.get("workingDays").asInt()).isEqualTo(workingDays);
            assertThat(output.get("period").isNull()).isTrue();
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode evaluate(
            String decision, Map<String, Object> variables, String rule) throws Exception {
        var result = engine.client()
                .newEvaluateDecisionCommand()
                .decisionId(decision)
                .variables(variables)
                .send()
                .join();
        var evaluated = result.getEvaluatedDecisions().getFirst();
        assertThat(evaluated.getMatchedRules())
                .as("rules matched in %s", decision)
                .isNotEmpty();
        String ruleId = evaluated.getMatchedRules().getFirst().getRuleId();
        assertThat(ruleId).isEqualTo(rule);
        matched.add(ruleId);
        return JSON.readTree(result.getDecisionOutput());
    }
}

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

    /** The price list in force on the fee date applies; the category follows the list's criteria. */
    @ParameterizedTest
    @CsvSource(
            nullValues = "null",
            value = {
                "2026-12-05, amendment,    false, eu-eea,      2,  0,  Rule_2022_Amendment,       amendment,    350, false",
                "2026-12-05, renewal,      false, null,        0,  0,  Rule_2022_Amendment,       amendment,    350, false",
                "2026-12-05, data-request, false, eu-eea,      3,  0,  Rule_2022_DataRequest,     data-request, 1000, false",
                "2026-12-05, data-permit,  true,  eu-eea,      2,  0,  Rule_2022_Thesis,          thesis,       250, false",
                "2026-12-05, data-permit,  true,  outside-eea, 2,  0,  Rule_2022_OutsideEea,      extensive,    3000, false",
                "2026-12-05, data-permit,  false, eu-eea,      16, 0,  Rule_2022_ManyControllers, extensive,    3000, false",
                "2026-12-05, data-permit,  false, eu-eea,      2,  15, Rule_2022_LongWork,        extensive,    3000, false",
                "2026-12-05, data-permit,  false, eu-eea,      15, 14, Rule_2022_Normal,          normal,       1000, false",
                "null,       data-permit,  false, null,        1,  0,  Rule_2022_Normal,          normal,       1000, false",
                "2021-06-30, amendment,    false, eu-eea,      1,  0,  Rule_2020_Amendment,       amendment,    350, false",
                "2021-06-30, data-request, false, eu-eea,      1,  0,  Rule_2020_DataRequest,     data-request, 1000, false",
                "2021-06-30, data-permit,  true,  eu-eea,      1,  0,  Rule_2020_Thesis,          thesis,       500, false",
                "2020-04-01, data-permit,  false, outside-eea, 1,  0,  Rule_2020_OutsideEea,      outside-eea,  3000, false",
                "2021-12-31, data-permit,  false, eu-eea,      20, 30, Rule_2020_Permit,          normal,       1000, false",
                "2026-12-05, data-permit,  false, eu-eea,      2,  0,  Rule_2022_Cancelled,       cancelled,    0, true",
                "2021-03-01, data-request, false, eu-eea,      1,  0,  Rule_2020_Cancelled,       cancelled,    0, true",
            })
    void fees(
            String feeDate,
            String type,
            boolean thesis,
            String establishment,
            int controllers,
            int hours,
            String rule,
            String category,
            int baseFee,
            boolean cancelled)
            throws Exception {
        var variables = new HashMap<String, Object>();
        variables.put("cancelled", cancelled);
        variables.put("feeDate", feeDate);
        variables.put("applicationType", type);
        variables.put("thesis", thesis);
        variables.put("establishment", establishment);
        variables.put("registerHolders", java.util.Collections.nCopies(controllers, "holder"));
        variables.put("estimatedHours", hours);
        var output = evaluate("fees", variables, rule);
        assertThat(output.get("feeCategory").asText()).isEqualTo(category);
        assertThat(output.get("baseFee").asInt()).isEqualTo(baseFee);
        assertThat(output.get("hourlyRate").asInt()).isEqualTo(115);
    }

    /**
     * Every finding is collected, and the proposal follows the gravest: a refusal finding refuses, a condition
     * grants with conditions; the reason names them all.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                "unfavourable               | approve                 | data-permit  | scientific-research | null    | none      | necessary  | Rule_EthicsUnfavourable                 | refuse",
                "missing                    | approve                 | data-permit  | scientific-research | null    | none      | necessary  | Rule_EthicsMissing                      | refuse",
                "favourable-with-conditions | object                  | data-permit  | scientific-research | null    | none      | necessary  | Rule_EthicsConditions,Rule_HolderObjection | grant-with-conditions",
                "favourable                 | approve-with-conditions | data-permit  | scientific-research | null    | none      | necessary  | Rule_HolderConditions                   | grant-with-conditions",
                "null                       | extraction-not-possible | data-permit  | scientific-research | null    | none      | necessary  | Rule_ExtractionNotPossible              | grant-with-conditions",
                "null                       | approve                 | data-permit  | marketing           | private | none      | necessary  | Rule_PurposeNotAllowed                  | refuse",
                "null                       | approve                 | data-permit  | innovation          | private | none      | necessary  | Rule_InnovationPermit                   | refuse",
                "null                       | approve                 | data-request | innovation          | private | none      | necessary  | null                                    | grant",
                "null                       | approve                 | data-permit  | public-health       | private | none      | necessary  | Rule_PublicBodiesOnly                   | refuse",
                "null                       | approve                 | data-permit  | statistics          | public  | none      | necessary  | null                                    | grant",
                "null                       | approve                 | data-permit  | education           | private | marketing | necessary  | Rule_ProhibitedUse                      | refuse",
                "null                       | approve                 | data-permit  | scientific-research | null    | null      | reduce     | Rule_Minimisation                       | grant-with-conditions",
                "favourable                 | object                  | data-permit  | scientific-research | null    | none      | anonymised | Rule_HolderObjection,Rule_Anonymised    | grant-with-conditions",
                "null                       | null                    | data-permit  | scientific-research | null    | null      | null       | null                                    | grant",
            })
    void decisionProposal(
            String ethicsOutcome,
            String holderStatement,
            String type,
            String purpose,
            String sector,
            String prohibitedUse,
            String minimisation,
            String rules,
            String proposed)
            throws Exception {
        var variables = new HashMap<String, Object>();
        variables.put("ethicsOutcome", ethicsOutcome);
        variables.put(
                "holderStatements",
                holderStatement == null
                        ? null
                        : List.of(
                                Map.of("holder", "thl", "statement", holderStatement),
                                Map.of("holder", "kela", "statement", "approve")));
        variables.put("applicationType", type);
        variables.put("purpose", purpose);
        variables.put("applicantSector", sector);
        variables.put("prohibitedUse", prohibitedUse);
        variables.put("dataMinimisation", minimisation);
        var result = engine.client()
                .newEvaluateDecisionCommand()
                .decisionId("decision-proposal")
                .variables(variables)
                .send()
                .join();
        assertThat(result.getFailureMessage()).as("evaluation failure").isNullOrEmpty();
        List<String> hit = result.getEvaluatedDecisions().stream()
                .flatMap(d -> d.getMatchedRules().stream())
                .map(r -> r.getRuleId())
                .toList();
        matched.addAll(hit);
        assertThat(hit).containsExactlyInAnyOrder(rules == null ? new String[0] : rules.split(","));
        var output = JSON.readTree(result.getDecisionOutput());
        assertThat(output.get("proposedOutcome").asText()).isEqualTo(proposed);
        assertThat(output.get("appealPeriod").asText()).isEqualTo("P30D");
        // every finding is in the reason
        assertThat(output.get("findings")).hasSize(hit.size());
        if (hit.size() > 1) {
            for (var finding : output.get("findings")) {
                assertThat(output.get("proposalReason").asText())
                        .contains(finding.get("reason").asText());
            }
        }
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
                "fee-acceptance,      Rule_FeeAcceptance,      null, P30D",
                "statistics-retention, Rule_StatisticsRetention, null, P1Y",
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

package org.isaacus.compilation;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.isaacus.tasks.TaskContext;
import org.springframework.stereotype.Component;

/** Shows the holder the order it is asked to deliver, and the officer the quality report to approve. */
@Component
class CompilationTaskContext implements TaskContext {

    private final Compilation compilation;

    CompilationTaskContext(Compilation compilation) {
        this.compilation = compilation;
    }

    @Override
    public Map<String, Object> variables(String formId, UUID caseId, Map<String, Object> task) {
        if (caseId == null) {
            return Map.of();
        }
        return switch (formId) {
            case "extraction-confirmation" ->
                compilation.orders(caseId).stream()
                        .filter(o -> o.holder().equals(task.get("holder")))
                        .findFirst()
                        .map(o -> Map.<String, Object>of("permittedData", describe(o)))
                        .orElse(Map.of());
            case "dataset-approval" ->
                compilation
                        .state(caseId)
                        .filter(s -> s.report() != null)
                        .map(s -> Map.<String, Object>of("qualityReport", describe(s.report())))
                        .orElse(Map.of());
            default -> Map.of();
        };
    }

    static String describe(Compilation.Order order) {
        String datasets = order.datasets().stream()
                .map(d -> d.get("dataset") + " (" + String.join(", ", Compilation.strings(d.get("variables"))) + ")")
                .collect(Collectors.joining("; "));
        var cohort = order.cohort();
        return datasets + ". Cohort: born " + orAny(cohort.get("bornFrom")) + "–" + orAny(cohort.get("bornTo"))
                + (Compilation.strings(cohort.get("diagnoses")).isEmpty()
                        ? ""
                        : ", diagnoses " + String.join(", ", Compilation.strings(cohort.get("diagnoses"))))
                + ". Persons on the opt-out register are left out.";
    }

    @SuppressWarnings("unchecked")
    static String describe(Map<String, Object> report) {
        var cohort = (Map<String, Object>) report.get("cohort");
        var text = new StringBuilder("Cohort: " + cohort.get("persons") + " persons (" + cohort.get("excludedOptOuts")
                + " left out for opt-out).");
        for (var s : (List<Map<String, Object>>) report.get("sources")) {
            text.append(" ")
                    .append(s.get("dataset"))
                    .append(": ")
                    .append(s.get("rows"))
                    .append(" rows, ")
                    .append(s.get("persons"))
                    .append(" persons, linkage rate ")
                    .append(Math.round(((Number) s.get("linkageRate")).doubleValue() * 1000) / 10.0)
                    .append(" %.");
        }
        var missing = (List<Map<String, Object>>) report.get("notDelivered");
        if (!missing.isEmpty()) {
            text.append(" Not delivered by: ")
                    .append(missing.stream().map(m -> (String) m.get("holder")).collect(Collectors.joining(", ")))
                    .append('.');
        }
        return text.toString();
    }

    private static String orAny(Object year) {
        return year == null ? "any" : year.toString();
    }
}

package org.isaacus.compilation;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.isaacus.catalogue.Catalogue;
import org.isaacus.tasks.TaskContext;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Shows the holder the order it is asked to deliver, and the officer the quality report to approve. Both are kept
 * with the task as they are (datasets, variables, figures) and said in the reader's language when it is shown.
 */
@Component
class CompilationTaskContext implements TaskContext {

    private final Compilation compilation;
    private final Catalogue catalogue;
    private final MessageSource messages;

    CompilationTaskContext(Compilation compilation, Catalogue catalogue, MessageSource messages) {
        this.compilation = compilation;
        this.catalogue = catalogue;
        this.messages = messages;
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
                        .map(o -> Map.<String, Object>of(
                                "permittedData", Map.of("datasets", o.datasets(), "cohort", o.cohort())))
                        .orElse(Map.of());
            case "dataset-approval" ->
                compilation
                        .state(caseId)
                        .filter(s -> s.report() != null)
                        .map(s -> Map.<String, Object>of("qualityReport", s.report()))
                        .orElse(Map.of());
            default -> Map.of();
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> words(String formId, Map<String, Object> task, Locale locale) {
        // tasks opened before these were kept as data hold their English text already
        if (task.get("permittedData") instanceof Map<?, ?> order) {
            return Map.of("permittedData", order((Map<String, Object>) order, locale));
        }
        if (task.get("qualityReport") instanceof Map<?, ?> report) {
            return Map.of("qualityReport", report((Map<String, Object>) report, locale));
        }
        return Map.of();
    }

    /** "Care register (Diagnosis, Admission date). Cohort: born 1950–any, diagnoses I21. …" */
    String order(Map<String, Object> order, Locale locale) {
        var names = catalogue.names(locale);
        var variables = catalogue.variables().stream()
                .collect(Collectors.toMap(Catalogue.Variable::qualifiedName, v -> v.label(locale), (a, b) -> a));
        String datasets = ((List<Map<String, Object>>) order.getOrDefault("datasets", List.of()))
                .stream()
                        .map(d -> {
                            String dataset = String.valueOf(d.get("dataset"));
                            return names.dataset(dataset) + " ("
                                    + Compilation.strings(d.get("variables")).stream()
                                            .map(v -> variables.getOrDefault(dataset + "." + v, v))
                                            .collect(Collectors.joining(", "))
                                    + ")";
                        })
                        .collect(Collectors.joining("; "));
        var cohort = (Map<String, Object>) order.getOrDefault("cohort", Map.of());
        var diagnoses = Compilation.strings(cohort.get("diagnoses"));
        String any = text("compilation.order.any", locale);
        return text(
                "compilation.order",
                locale,
                datasets,
                cohort.get("bornFrom") == null ? any : cohort.get("bornFrom").toString(),
                cohort.get("bornTo") == null ? any : cohort.get("bornTo").toString(),
                diagnoses.isEmpty() ? "" : text("compilation.order.diagnoses", locale, String.join(", ", diagnoses)));
    }

    /** "Cohort: 1,234 persons (5 left out for opt-out). Care register: 4,321 rows, … linkage rate 98.5 %." */
    @SuppressWarnings("unchecked")
    String report(Map<String, Object> report, Locale locale) {
        var names = catalogue.names(locale);
        var cohort = (Map<String, Object>) report.getOrDefault("cohort", Map.of());
        var text = new StringBuilder(
                text("compilation.report.cohort", locale, cohort.get("persons"), cohort.get("excludedOptOuts")));
        for (var s : (List<Map<String, Object>>) report.getOrDefault("sources", List.of())) {
            text.append(' ')
                    .append(text(
                            "compilation.report.source",
                            locale,
                            names.dataset(s.get("dataset")),
                            s.get("rows"),
                            s.get("persons"),
                            ((Number) s.get("linkageRate")).doubleValue() * 100));
        }
        var missing = (List<Map<String, Object>>) report.getOrDefault("notDelivered", List.of());
        if (!missing.isEmpty()) {
            text.append(' ')
                    .append(text(
                            "compilation.report.missing",
                            locale,
                            missing.stream()
                                    .map(m -> names.holder(m.get("holder")))
                                    .collect(Collectors.joining(", "))));
        }
        return text.toString();
    }

    private String text(String code, Locale locale, Object... arguments) {
        return messages.getMessage(code, arguments, locale);
    }
}

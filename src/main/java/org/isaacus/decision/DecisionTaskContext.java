package org.isaacus.decision;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.isaacus.catalogue.Catalogue;
import org.isaacus.intake.ApplicationService;
import org.isaacus.intake.PermitApplication;
import org.isaacus.tasks.TaskContext;
import org.springframework.stereotype.Component;

/**
 * The drafting officer decides the permit as data: which of the requested datasets and variables, and which of
 * the named persons. The options are what the application asked for (for an amendment: what the permit already
 * grants, and the persons it or the amendment names); everything is kept unless the officer strikes it out.
 */
@Component
class DecisionTaskContext implements TaskContext {

    static final String FORM = "decision-draft";
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");
    private static final Set<String> AMENDING = Set.of("amendment", "renewal");

    private final ApplicationService applications;
    private final Catalogue catalogue;
    private final Permits permits;
    private final Clock clock;
    private final org.springframework.context.support.MessageSourceAccessor messages;
    private final org.isaacus.forms.FormDefinitions forms;

    DecisionTaskContext(
            ApplicationService applications,
            Catalogue catalogue,
            Permits permits,
            Clock clock,
            org.springframework.context.MessageSource messages,
            org.isaacus.forms.FormDefinitions forms) {
        this.messages = new org.springframework.context.support.MessageSourceAccessor(messages);
        this.forms = forms;
        this.applications = applications;
        this.catalogue = catalogue;
        this.permits = permits;
        this.clock = clock;
    }

    /**
     * The decision proposal (decision-proposal.dmn) in the reader's words: its outcome as the draft's options say
     * it, each finding's reason translated (forms/i18n).
     */
    @Override
    public Map<String, Object> words(String formId, Map<String, Object> task, java.util.Locale locale) {
        if (!(task.get("proposal") instanceof Map<?, ?> proposal)) {
            return Map.of();
        }
        Map<String, Object> said = new LinkedHashMap<>();
        proposal.forEach((k, v) -> said.put(String.valueOf(k), v));
        if (proposal.get("proposedOutcome") != null) {
            said.put(
                    "proposedOutcome",
                    forms.inWords(Map.of("outcome", proposal.get("proposedOutcome")))
                            .get("outcome"));
        }
        if (proposal.get("findings") instanceof List<?> findings && !findings.isEmpty()) {
            said.put(
                    "proposalReason",
                    String.join(
                            " ",
                            findings.stream()
                                    .filter(f -> f instanceof Map<?, ?> m && m.get("reason") != null)
                                    .map(f -> forms.inLanguage(String.valueOf(((Map<?, ?>) f).get("reason"))))
                                    .toList()));
        } else if (proposal.get("proposalReason") instanceof String reason) {
            said.put("proposalReason", forms.inLanguage(reason));
        }
        return Map.of("proposal", said);
    }

    @Override
    public Map<String, Object> variables(String formId, UUID caseId, Map<String, Object> task) {
        if (!FORM.equals(formId) || caseId == null) {
            return Map.of();
        }
        Requested requested = requested(applications.caseFile(caseId));
        Map<String, Object> added = new LinkedHashMap<>();
        added.put("requestedDatasetOptions", options(requested.datasets()));
        added.put("requestedVariableOptions", options(requested.variables()));
        added.put("requestedPersonOptions", options(requested.persons()));
        // a draft returned by the approver keeps the choice made before
        added.put(
                "permittedDatasets",
                task.getOrDefault(
                        "permittedDatasets", List.copyOf(requested.datasets().keySet())));
        added.put(
                "permittedVariables",
                task.getOrDefault(
                        "permittedVariables", List.copyOf(requested.variables().keySet())));
        added.put("permittedPersons", task.getOrDefault("permittedPersons", requested.defaultPersons()));
        return added;
    }

    /** The longest a permit may be granted for (EHDS 2025/327 Art 68(12)). */
    static final int MAX_VALIDITY_YEARS = 10;

    @Override
    public Map<String, String> check(String formId, Map<String, Object> answer, Map<String, Object> task) {
        if (!FORM.equals(formId)) {
            return Map.of();
        }
        Map<String, String> errors = new LinkedHashMap<>();
        String validUntil = answer.get("validUntil") instanceof String s && !s.isBlank() ? s : null;
        if (validUntil != null) {
            try {
                // the authority's calendar day, as the permit's end (Validity) is
                var today = Validity.today(clock);
                var end = LocalDate.parse(validUntil);
                if (end.isBefore(today)) {
                    // a validity ends at the end of its last day, so today is still in the future
                    errors.put("validUntil", messages.getMessage("decision.error.past"));
                } else if (end.isAfter(today.plusYears(MAX_VALIDITY_YEARS))) {
                    // EHDS Art 68(12): only as long as the purpose needs, at most ten years
                    errors.put(
                            "validUntil",
                            messages.getMessage("decision.error.too-long", new Object[] {MAX_VALIDITY_YEARS}));
                }
            } catch (DateTimeParseException e) {
                errors.put("validUntil", messages.getMessage("decision.error.not-a-date"));
            }
        }
        if ("refuse".equals(answer.get("outcome"))) {
            return errors;
        }
        boolean amending = AMENDING.contains(String.valueOf(task.get("applicationType")));
        List<String> persons = strings(answer.get("permittedPersons"));
        if (amending) {
            if (persons.isEmpty()) {
                errors.put("permittedPersons", messages.getMessage("decision.error.keep-person"));
            }
            return errors;
        }
        List<String> datasets = strings(answer.get("permittedDatasets"));
        if (datasets.isEmpty()) {
            errors.put("permittedDatasets", messages.getMessage("decision.error.no-dataset"));
        }
        List<String> stray = strings(answer.get("permittedVariables")).stream()
                .filter(v -> datasets.stream().noneMatch(d -> v.startsWith(d + ".")))
                .toList();
        if (!stray.isEmpty()) {
            errors.put(
                    "permittedVariables",
                    messages.getMessage("decision.error.stray-variables", new Object[] {String.join(", ", stray)}));
        }
        if ("data-permit".equals(task.get("applicationType")) && persons.isEmpty()) {
            errors.put("permittedPersons", messages.getMessage("decision.error.no-person"));
        }
        return errors;
    }

    /**
     * The permit of an approved grant, from the drafting officer's answer: the cohort is the application's, the
     * rest is what the officer kept.
     */
    Permit permitOf(UUID caseId, String applicationType, Map<String, Object> draft, LocalDate validUntil) {
        Map<String, Object> form = applications.caseFile(caseId).formData();
        List<String> variables = strings(draft.get("permittedVariables"));
        List<Permit.PermittedDataset> datasets = new ArrayList<>();
        for (String dataset : strings(draft.get("permittedDatasets"))) {
            datasets.add(new Permit.PermittedDataset(
                    dataset,
                    variables.stream()
                            .filter(v -> v.startsWith(dataset + "."))
                            .map(v -> v.substring(dataset.length() + 1))
                            .toList()));
        }
        String diagnoses = form.get("cohortDiagnoses") instanceof String s ? s : "";
        var cohort = new Permit.Cohort(
                java.util.Arrays.stream(diagnoses.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList(),
                form.get("cohortBornFrom") instanceof Number n ? n.intValue() : null,
                form.get("cohortBornTo") instanceof Number n ? n.intValue() : null);
        return new Permit(
                caseId,
                applications.caseFile(caseId).applicant(),
                "data-request".equals(applicationType) ? "statistics" : "dataset",
                datasets,
                cohort,
                strings(draft.get("permittedPersons")),
                draft.get("conditions") instanceof String c && !c.isBlank() ? c : null,
                validUntil);
    }

    /** What an application asks for, as value → label. */
    private record Requested(
            Map<String, String> datasets,
            Map<String, String> variables,
            Map<String, String> persons,
            List<String> defaultPersons) {}

    private Requested requested(PermitApplication application) {
        Map<String, Object> form = application.formData();
        Map<String, String> persons = new LinkedHashMap<>();
        persons.put(application.applicant(), "Applicant's account: " + application.applicant());
        Set<String> named = new LinkedHashSet<>();
        named.add(application.applicant());
        if (form.get("teamMembers") instanceof String team) {
            EMAIL.matcher(team).results().map(m -> m.group().toLowerCase()).forEach(named::add);
        }
        if (AMENDING.contains(application.type()) && form.get("existingPermit") instanceof String existing) {
            var permit = permits.find(parse(existing)).orElse(null);
            if (permit != null) {
                permit.persons().forEach(p -> persons.put(p, label(p)));
                named.forEach(p -> persons.put(p, label(p)));
                boolean changesPersons = "amendment".equals(application.type())
                        && strings(form.get("amendmentChanges")).contains("persons");
                Map<String, String> datasets = new LinkedHashMap<>();
                Map<String, String> variables = new LinkedHashMap<>();
                for (var d : permit.datasets()) {
                    datasets.put(d.dataset(), d.dataset());
                    d.variables().forEach(v -> variables.put(d.dataset() + "." + v, d.dataset() + "." + v));
                }
                return new Requested(
                        datasets, variables, persons, changesPersons ? List.copyOf(named) : permit.persons());
            }
        }
        named.forEach(p -> persons.put(p, label(p)));
        List<String> datasetIds = strings(form.get("datasets"));
        Map<String, String> datasets = new LinkedHashMap<>();
        catalogue.datasets(datasetIds).forEach(d -> datasets.put(d.id(), d.nameEn() + " (" + d.holderName() + ")"));
        Map<String, String> variables = new LinkedHashMap<>();
        strings(form.get("variables")).forEach(v -> variables.put(v, v));
        return new Requested(datasets, variables, persons, List.copyOf(named));
    }

    private static String label(String person) {
        return person.contains("@") ? person + " (verified e-mail)" : "Account: " + person;
    }

    private static List<Map<String, String>> options(Map<String, String> valueToLabel) {
        return valueToLabel.entrySet().stream()
                .map(e -> Map.of("value", e.getKey(), "label", e.getValue()))
                .toList();
    }

    static List<String> strings(Object value) {
        return value instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id.strip());
        } catch (IllegalArgumentException e) {
            return new UUID(0, 0);
        }
    }
}

package org.isaacus.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.MessageSourceAccessor;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The Camunda forms from forms/ (packaged under models/), by form id. The same JSON is rendered in the browser
 * by form-js and used here to validate what comes back, so a rule lives in one place.
 */
@Component
public class FormDefinitions {

    private final Map<String, JsonNode> forms = new LinkedHashMap<>();
    private final MessageSourceAccessor messages;
    private final FormTranslations translations;
    private final Map<String, Map<String, String>> optionLabels;

    FormDefinitions(ObjectMapper json, MessageSource messages, FormTranslations translations) {
        this.messages = new MessageSourceAccessor(messages);
        this.translations = translations;
        try {
            for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:models/*.form")) {
                JsonNode form = json.readTree(r.getInputStream());
                forms.put(form.path("id").asText(), form);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the forms", e);
        }
        this.optionLabels = optionLabels(forms.values());
    }

    public Optional<JsonNode> find(String formId) {
        return Optional.ofNullable(forms.get(formId));
    }

    public Collection<String> ids() {
        return forms.keySet();
    }

    /** Shown to everyone a task is for: which case, under what title. */
    private static final Set<String> ALWAYS_SHOWN = Set.of("caseId", "title");

    private static final java.util.regex.Pattern TEMPLATE =
            java.util.regex.Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)");
    private static final java.util.regex.Pattern STRING_LITERAL = java.util.regex.Pattern.compile("\"[^\"]*\"");
    private static final java.util.regex.Pattern IDENTIFIER =
            java.util.regex.Pattern.compile("(?<![A-Za-z0-9_.])[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> FEEL_WORDS = Set.of(
            "not",
            "and",
            "or",
            "true",
            "false",
            "null",
            "if",
            "then",
            "else",
            "in",
            "some",
            "every",
            "satisfies",
            "for",
            "return",
            "item");
    /** An expression's options filter a list the form is given: {@code =variableOptions[…]}. */
    private static final java.util.regex.Pattern FILTERED_LIST =
            java.util.regex.Pattern.compile("^=\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\[");

    private final Map<String, Set<String>> shown = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The variables a task's form needs, and so all its people see: its fields, the options it loads, what its
     * texts show ({@code {{fee.baseFee}}} → {@code fee}) and what its conditions test, plus the case and its
     * title. The rest of the process's variables (another party's answers, contact details) stay on the server.
     */
    public Set<String> shownVariables(String formId) {
        return shown.computeIfAbsent(formId, id -> {
            Set<String> names = new java.util.HashSet<>(ALWAYS_SHOWN);
            find(id).ifPresent(form -> collect(form, names));
            return Set.copyOf(names);
        });
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            if (node.hasNonNull("key") && !"button".equals(node.path("type").asText())) {
                names.add(node.path("key").asText());
            }
            optionsSource(node).ifPresent(names::add);
            if (node.path("text").isTextual()) {
                var m = TEMPLATE.matcher(node.path("text").asText());
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
            for (JsonNode expression : List.of(node.path("conditional").path("hide"), node.path("valuesExpression"))) {
                if (!expression.isTextual()) {
                    continue;
                }
                String feel = STRING_LITERAL.matcher(expression.asText()).replaceAll("");
                var m = IDENTIFIER.matcher(feel);
                while (m.find()) {
                    if (!FEEL_WORDS.contains(m.group())) {
                        names.add(m.group());
                    }
                }
            }
            node.properties().forEach(e -> collect(e.getValue(), names));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, names));
        }
    }

    /**
     * Checks data against the form: unknown keys are dropped, required fields (when {@code complete}), lengths
     * and fixed option values are enforced. Options loaded at runtime ({@code valuesKey}, or the list a {@code valuesExpression} filters) are checked against
     * {@code dynamicOptions}.
     */
    public Validated validate(
            String formId, Map<String, Object> data, boolean complete, Map<String, Set<String>> dynamicOptions) {
        JsonNode form = find(formId).orElseThrow(() -> new IllegalArgumentException("unknown form " + formId));
        Map<String, Object> accepted = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (JsonNode field : fields(form)) {
            if (field.path("disabled").asBoolean(false)
                    || field.path("readonly").asBoolean(false)) {
                continue; // shown to the person, never taken from the answer
            }
            String key = field.path("key").asText();
            String label = inLanguage(field.path("label").asText(key));
            Object value = data.get(key);
            JsonNode rules = field.path("validate");
            if (isEmpty(value)) {
                if (complete && rules.path("required").asBoolean(false)) {
                    errors.put(key, message("validation.field.required", label));
                }
                continue;
            }
            Set<String> allowed = allowedValues(field, dynamicOptions);
            String type = field.path("type").asText();
            switch (type) {
                case "checklist", "taglist" -> {
                    if (!(value instanceof List<?> list)) {
                        errors.put(key, message("validation.field.list", label));
                        continue;
                    }
                    for (Object item : list) {
                        if (allowed != null && !allowed.contains(String.valueOf(item))) {
                            errors.put(key, message("validation.field.unknown", label, item));
                        }
                    }
                }
                case "number" -> {
                    if (!(value instanceof Number number)) {
                        errors.put(key, message("validation.field.number", label));
                        continue;
                    }
                    if (rules.has("min")
                            && number.doubleValue() < rules.get("min").asDouble()) {
                        errors.put(
                                key,
                                message(
                                        "validation.field.min",
                                        label,
                                        rules.get("min").asText()));
                    }
                    if (rules.has("max")
                            && number.doubleValue() > rules.get("max").asDouble()) {
                        errors.put(
                                key,
                                message(
                                        "validation.field.max",
                                        label,
                                        rules.get("max").asText()));
                    }
                }
                case "checkbox" -> {
                    if (!(value instanceof Boolean checked)) {
                        errors.put(key, message("validation.field.boolean", label));
                        continue;
                    }
                    if (complete && rules.path("required").asBoolean(false) && !checked) {
                        errors.put(key, message("validation.field.confirm", label));
                    }
                }
                default -> {
                    if (!(value instanceof String text)) {
                        errors.put(key, message("validation.field.text", label));
                        continue;
                    }
                    if (allowed != null && !allowed.contains(text)) {
                        errors.put(key, message("validation.field.unknown", label, text));
                    }
                    int max = rules.path("maxLength").asInt(Integer.MAX_VALUE);
                    if (text.length() > max) {
                        errors.put(key, message("validation.field.maxLength", label, max));
                    }
                    if (rules.has("pattern")
                            && !text.matches(rules.get("pattern").asText())) {
                        errors.put(key, message("validation.field.pattern", label));
                    }
                    int min = rules.path("minLength").asInt(0);
                    if (complete && text.strip().length() < min) {
                        errors.put(key, message("validation.field.minLength", label, min));
                    }
                }
            }
            accepted.put(key, value);
        }
        return new Validated(accepted, errors);
    }

    /**
     * The fields whose options the task loads at runtime ({@code valuesKey}). Like the task list's form, which
     * starts them from the task's variables of the same key, an answer that leaves one out keeps that value.
     */
    public List<String> runtimeOptionFields(String formId) {
        return find(formId).map(FormDefinitions::fields).orElse(List.of()).stream()
                .filter(f -> optionsSource(f).isPresent())
                .map(f -> f.path("key").asText())
                .toList();
    }

    private static Set<String> allowedValues(JsonNode field, Map<String, Set<String>> dynamicOptions) {
        if (field.has("values")) {
            Set<String> values = new java.util.HashSet<>();
            field.get("values").forEach(v -> values.add(v.path("value").asText()));
            return values;
        }
        return optionsSource(field)
                .map(source -> dynamicOptions.getOrDefault(source, Set.of()))
                .orElse(null);
    }

    /**
     * The runtime list a field's options come from: its {@code valuesKey}, or the list its
     * {@code valuesExpression} filters (what may be chosen is at most that list; the filter is the browser's
     * help, a rule it stands for is checked by the service).
     */
    private static Optional<String> optionsSource(JsonNode field) {
        if (field.has("valuesKey")) {
            return Optional.of(field.get("valuesKey").asText());
        }
        var m = FILTERED_LIST.matcher(field.path("valuesExpression").asText());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * An answer as people read it, in the form's order and the reader's language: each answered field's label and
     * its value in words (option labels for option values, yes or no). Options loaded at runtime are named from
     * {@code optionLists}, the lists of {@code {label, value}} the answering task was given.
     */
    public List<Answered> describe(String formId, Map<String, Object> answer, Map<String, Object> optionLists) {
        List<Answered> described = new ArrayList<>();
        for (JsonNode field : find(formId).map(FormDefinitions::fields).orElse(List.of())) {
            String key = field.path("key").asText();
            Object value = answer.get(key);
            if (isEmpty(value) || described.stream().anyMatch(a -> a.key().equals(key))) {
                continue;
            }
            Map<String, String> labels = new java.util.HashMap<>();
            field.path("values")
                    .forEach(v -> labels.put(
                            v.path("value").asText(), inLanguage(v.path("label").asText())));
            optionsSource(field)
                    .map(optionLists::get)
                    .filter(List.class::isInstance)
                    .ifPresent(list -> ((List<?>) list).forEach(o -> {
                        if (o instanceof Map<?, ?> option && option.get("value") != null) {
                            labels.put(String.valueOf(option.get("value")), String.valueOf(option.get("label")));
                        }
                    }));
            String text = inWords(
                    value,
                    v -> v instanceof Boolean b
                            ? messages.getMessage(b ? "answer.yes" : "answer.no")
                            : labels.getOrDefault(String.valueOf(v), String.valueOf(v)));
            described.add(new Answered(key, inLanguage(field.path("label").asText(key)), text));
        }
        return described;
    }

    /**
     * The variables whose values are options of some form's field of the same key (a purpose, an outcome, a
     * statement), in words in the reader's language: what a form's text shows instead of the code.
     */
    public Map<String, Object> inWords(Map<String, Object> variables) {
        Map<String, Object> words = new LinkedHashMap<>();
        variables.forEach((key, value) -> {
            Map<String, String> labels = optionLabels.get(key);
            if (labels != null && value != null) {
                words.put(key, inWords(value, v -> {
                    String label = labels.get(String.valueOf(v));
                    return label == null ? String.valueOf(v) : inLanguage(label);
                }));
            }
        });
        return words;
    }

    /** A value, or each of a list's, in words. */
    private static String inWords(Object value, java.util.function.Function<Object, String> word) {
        return value instanceof List<?> list
                ? String.join(", ", list.stream().map(word).toList())
                : word.apply(value);
    }

    /** A form's English text in the reader's language (the request's locale), English where it has none. */
    public String inLanguage(String english) {
        return translations.text(english, LocaleContextHolder.getLocale()).orElse(english);
    }

    /** Every form's fixed options by field key: value → English label (the first form naming a value wins). */
    private static Map<String, Map<String, String>> optionLabels(Collection<JsonNode> forms) {
        Map<String, Map<String, String>> labels = new java.util.HashMap<>();
        for (JsonNode form : forms) {
            for (JsonNode field : fields(form)) {
                field.path("values")
                        .forEach(v -> labels.computeIfAbsent(field.path("key").asText(), k -> new java.util.HashMap<>())
                                .putIfAbsent(
                                        v.path("value").asText(),
                                        v.path("label").asText()));
            }
        }
        return Map.copyOf(labels);
    }

    /** One answered field: its key, its label and the answer in words. */
    public record Answered(String key, String label, String value) {}

    /** A field's message in the reader's language (the request's locale). */
    private String message(String code, Object... args) {
        return messages.getMessage(code, args);
    }

    private static boolean isEmpty(Object value) {
        return value == null
                || (value instanceof String s && s.isBlank())
                || (value instanceof Collection<?> c && c.isEmpty());
    }

    private static List<JsonNode> fields(JsonNode container) {
        List<JsonNode> result = new ArrayList<>();
        for (JsonNode c : container.path("components")) {
            if (c.has("components")) {
                result.addAll(fields(c));
            } else if (c.hasNonNull("key") && !c.path("type").asText().equals("button")) {
                result.add(c);
            }
        }
        return result;
    }

    public record Validated(Map<String, Object> data, Map<String, String> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }
}

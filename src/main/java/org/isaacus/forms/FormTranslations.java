package org.isaacus.forms;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The forms in Finnish and Swedish: forms/i18n/{fi,sv}.json map each English text of the forms (labels, texts,
 * descriptions, option labels) to its translation. The forms stay one file each, as Camunda Modeler edits them;
 * a text without a translation stays English (and {@code FormTranslationsTest} fails).
 */
@Component
public class FormTranslations {

    /** The parts of a form component that people read. */
    static final List<String> TEXT_FIELDS = List.of("label", "text", "description");

    private final Map<String, Map<String, String>> byLanguage = new HashMap<>();

    FormTranslations(ObjectMapper json) {
        for (String language : List.of("fi", "sv")) {
            try (InputStream in = getClass().getResourceAsStream("/models/i18n/" + language + ".json")) {
                byLanguage.put(
                        language,
                        in == null ? Map.of() : json.readValue(in, new TypeReference<Map<String, String>>() {}));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the " + language + " form texts", e);
            }
        }
    }

    /** A copy of the form in the locale's language (English forms are returned as they are). */
    public JsonNode translate(JsonNode form, Locale locale) {
        Map<String, String> texts = byLanguage.get(locale.getLanguage());
        if (texts == null) {
            return form;
        }
        JsonNode copy = form.deepCopy();
        eachText(copy, (node, field) -> {
            String translated = texts.get(node.get(field).asText());
            if (translated != null) {
                node.put(field, translated);
            }
        });
        return copy;
    }

    /** The translation of one English text, if there is one. */
    public java.util.Optional<String> text(String english, Locale locale) {
        return java.util.Optional.ofNullable(
                byLanguage.getOrDefault(locale.getLanguage(), Map.of()).get(english));
    }

    /** Visits every text people read in the form: (the node holding it, its field name). */
    static void eachText(JsonNode form, java.util.function.BiConsumer<ObjectNode, String> visit) {
        Consumer<JsonNode>[] walk = new Consumer[1];
        walk[0] = components -> {
            for (JsonNode component : components) {
                if (component instanceof ObjectNode node) {
                    for (String field : TEXT_FIELDS) {
                        if (node.hasNonNull(field) && !node.get(field).asText().isEmpty()) {
                            visit.accept(node, field);
                        }
                    }
                    for (JsonNode value : node.path("values")) {
                        if (value instanceof ObjectNode option && option.hasNonNull("label")) {
                            visit.accept(option, "label");
                        }
                    }
                    walk[0].accept(node.path("components"));
                }
            }
        };
        walk[0].accept(form.path("components"));
    }
}

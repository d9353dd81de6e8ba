package org.isaacus.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every text exists in English, Finnish and Swedish, with the same placeholders: a key one bundle has and another
 * lacks fails here instead of falling back to English on a page.
 */
class MessageBundlesTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");

    @ParameterizedTest
    @ValueSource(strings = {"fi", "sv"})
    void everyKeyIsInEveryLanguageWithTheSamePlaceholders(String language) throws IOException {
        Map<String, String> english = bundle("messages.properties");
        Map<String, String> other = bundle("messages_" + language + ".properties");
        assertThat(other.keySet()).as("keys in %s", language).containsExactlyInAnyOrderElementsOf(english.keySet());
        for (var entry : english.entrySet()) {
            assertThat(placeholders(other.get(entry.getKey())))
                    .as("placeholders of %s in %s", entry.getKey(), language)
                    .isEqualTo(placeholders(entry.getValue()));
            assertThat(other.get(entry.getKey()))
                    .as("%s in %s", entry.getKey(), language)
                    .isNotBlank();
        }
    }

    /** MessageFormat reads a lone apostrophe as a quote: "the application's {0}" would lose its placeholder. */
    @ParameterizedTest
    @ValueSource(strings = {"messages.properties", "messages_fi.properties", "messages_sv.properties"})
    void apostrophesAreDoubledWhereTheTextHasPlaceholders(String name) throws IOException {
        bundle(name).forEach((key, text) -> {
            if (!placeholders(text).isEmpty()) {
                assertThat(text.replace("''", "")).as("%s in %s", key, name).doesNotContain("'");
            }
        });
    }

    /** Without placeholders the text is shown as written: a doubled apostrophe would show twice. */
    @ParameterizedTest
    @ValueSource(strings = {"messages.properties", "messages_fi.properties", "messages_sv.properties"})
    void apostrophesAreSingleWhereTheTextHasNoPlaceholders(String name) throws IOException {
        bundle(name).forEach((key, text) -> {
            if (placeholders(text).isEmpty()) {
                assertThat(text).as("%s in %s", key, name).doesNotContain("''");
            }
        });
    }

    /** Every refusal the code raises ({@code new Refusal(status, "code", ...)}) has its words in the bundles. */
    @org.junit.jupiter.api.Test
    void everyRefusalHasItsWords() throws IOException {
        var english = bundle("messages.properties");
        var refusal =
                Pattern.compile("new (?:org\\.isaacus\\.forms\\.)?Refusal\\(\\s*HttpStatus\\.\\w+,\\s*\"([^\"]+)\"");
        var words = Pattern.compile("Refusal\\.words\\(\"([^\"]+)\"");
        Set<String> codes = new TreeSet<>();
        try (var sources = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java"))) {
            for (var file : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = java.nio.file.Files.readString(file);
                for (var m = refusal.matcher(text); m.find(); ) {
                    codes.add(m.group(1));
                }
                // a code put together from a prefix: every key of that prefix is there, at least one
                for (var m = words.matcher(text); m.find(); ) {
                    String prefix = m.group(1);
                    assertThat(english.keySet()).as("keys starting %s", prefix).anyMatch(k -> k.startsWith(prefix));
                }
            }
        }
        assertThat(codes).as("refusal codes found in the sources").hasSizeGreaterThan(30);
        assertThat(english.keySet()).containsAll(codes);
        for (var request : org.isaacus.intake.CaseRequest.values()) {
            assertThat(english).containsKey("refusal.application.request." + request.messageName());
        }
    }

    /** Each fee category the fee table decides (fees.dmn) has a name to show on the fee acceptance. */
    @org.junit.jupiter.api.Test
    void everyFeeCategoryHasAName() throws IOException {
        String dmn = java.nio.file.Files.readString(java.nio.file.Path.of("decision-tables/fees.dmn"));
        var category = Pattern.compile("_Out0\"><text>\"([a-z-]+)\"</text>").matcher(dmn);
        Set<String> categories = new TreeSet<>();
        while (category.find()) {
            categories.add(category.group(1));
        }
        assertThat(categories).contains("normal", "cancelled");
        var english = bundle("messages.properties");
        for (String code : categories) {
            assertThat(english).containsKey("fee.category." + code);
        }
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text == null ? "" : text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static Map<String, String> bundle(String name) throws IOException {
        var properties = new Properties();
        try (var in = MessageBundlesTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Map<String, String> texts = new TreeMap<>();
        properties.forEach((k, v) -> texts.put((String) k, (String) v));
        return texts;
    }
}

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

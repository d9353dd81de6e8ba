package org.isaacus.forms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every text of every form reads in Finnish and Swedish, with the same {{templates}} as the English one. */
class FormTranslationsTest {

    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{[^}]*}}");

    @Test
    void everyFormTextHasAFinnishAndASwedishTranslationKeepingItsTemplates() throws Exception {
        var json = new ObjectMapper();
        var translations = new FormTranslations(json);
        List<String> problems = new ArrayList<>();
        int texts = 0;
        try (var files = Files.list(Path.of("forms"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".form")).sorted().toList()) {
                var form = json.readTree(file.toFile());
                List<String> english = new ArrayList<>();
                FormTranslations.eachText(
                        form, (node, field) -> english.add(node.get(field).asText()));
                texts += english.size();
                for (String text : english) {
                    for (Locale locale : List.of(Locale.of("fi"), Locale.of("sv"))) {
                        var translated = translations.text(text, locale);
                        if (translated.isEmpty() || translated.get().isBlank()) {
                            problems.add(file.getFileName() + " [" + locale + "] no translation of: " + text);
                        } else if (!templates(text).equals(templates(translated.get()))) {
                            problems.add(
                                    file.getFileName() + " [" + locale + "] other templates in: " + translated.get());
                        }
                    }
                }
                // and the served copy has them in place
                var finnish = translations.translate(form, Locale.of("fi"));
                assertThat(finnish).isNotSameAs(form);
            }
        }
        assertThat(texts).as("texts found in the forms").isGreaterThan(150);
        assertThat(problems).isEmpty();
    }

    private static TreeSet<String> templates(String text) {
        var found = new TreeSet<String>();
        TEMPLATE.matcher(text).results().forEach(m -> found.add(m.group()));
        return found;
    }

    /** The decision proposal's reasons (decision-proposal.dmn) show in the decision draft's text, translated. */
    @Test
    void everyReasonOfTheDecisionProposalReadsInFinnishAndSwedish() throws Exception {
        var translations = new FormTranslations(new ObjectMapper());
        String dmn = Files.readString(Path.of("decision-tables/decision-proposal.dmn"));
        List<String> reasons = new ArrayList<>();
        // the findings table's reason column, and the proposal's text when there is no finding
        var reason = Pattern.compile("_Out1\"><text>\"([^\"]+)\"</text>").matcher(dmn);
        while (reason.find()) {
            reasons.add(reason.group(1));
        }
        var none = Pattern.compile("then \"([^\"]+)\" else string join").matcher(dmn);
        assertThat(none.find()).as("the proposal's text without findings").isTrue();
        reasons.add(none.group(1));
        assertThat(reasons).hasSizeGreaterThan(10);
        for (String english : reasons) {
            for (Locale locale : List.of(Locale.of("fi"), Locale.of("sv"))) {
                assertThat(translations.text(english, locale))
                        .as("%s in %s", english, locale)
                        .isPresent();
            }
        }
    }
}

package org.isaacus.catalogue;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The public data catalogue: every dataset with its description, coverage, holder, typical cost and time and its
 * variables; browsed by holder and topic, searched by words of names, descriptions and variables in the reader's
 * language.
 */
@Controller
class CataloguePage {

    private final Catalogue catalogue;
    private final org.springframework.context.MessageSource messages;

    CataloguePage(Catalogue catalogue, org.springframework.context.MessageSource messages) {
        this.catalogue = catalogue;
        this.messages = messages;
    }

    record Option(String value, String label) {}

    @GetMapping("/catalogue")
    String catalogue(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String holder,
            @RequestParam(required = false) String topic,
            Model model,
            Locale locale) {
        var all = catalogue.entries(locale);
        String words = q == null ? "" : q.strip().toLowerCase(locale);
        var shown = all.stream()
                .filter(e -> holder == null || holder.isBlank() || e.holderId().equals(holder))
                .filter(e -> topic == null || topic.isBlank() || e.topics().contains(topic))
                .filter(e -> words.isEmpty() || matches(e, words, locale))
                .toList();
        model.addAttribute("entries", shown);
        model.addAttribute("total", all.size());
        model.addAttribute("q", q == null ? "" : q.strip());
        model.addAttribute("holder", holder);
        model.addAttribute("topic", topic);
        model.addAttribute(
                "holders",
                all.stream()
                        .map(e -> new Option(e.holderId(), e.holderName()))
                        .distinct()
                        .sorted(Comparator.comparing(Option::label))
                        .toList());
        model.addAttribute(
                "topics",
                all.stream()
                        .flatMap(e -> e.topics().stream())
                        .distinct()
                        .map(t -> new Option(t, messages.getMessage("topic." + t, null, t, locale)))
                        .sorted(Comparator.comparing(Option::label))
                        .toList());
        return "catalogue";
    }

    /** Every word must occur in the dataset's name, description, holder, or a variable's label or description. */
    private static boolean matches(Catalogue.Entry e, String words, Locale locale) {
        var text = new StringBuilder(e.name())
                .append(' ')
                .append(e.description())
                .append(' ')
                .append(e.holderName());
        for (var v : e.variables()) {
            text.append(' ')
                    .append(v.label())
                    .append(' ')
                    .append(v.description())
                    .append(' ')
                    .append(v.name());
        }
        String haystack = text.toString().toLowerCase(locale);
        return List.of(words.split("\\s+")).stream().allMatch(haystack::contains);
    }
}

package org.isaacus.forms;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class FormController {

    private final FormDefinitions forms;
    private final FormTranslations translations;

    FormController(FormDefinitions forms, FormTranslations translations) {
        this.forms = forms;
        this.translations = translations;
    }

    /** The form in the reader's language (the page's choice, {@code ?lang=}). */
    @GetMapping("/api/forms/{formId}")
    ResponseEntity<JsonNode> form(@PathVariable String formId, java.util.Locale locale) {
        return ResponseEntity.of(forms.find(formId).map(form -> translations.translate(form, locale)));
    }
}

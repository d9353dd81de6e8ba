package org.isaacus.forms;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class FormController {

    private final FormDefinitions forms;

    FormController(FormDefinitions forms) {
        this.forms = forms;
    }

    @GetMapping("/api/forms/{formId}")
    ResponseEntity<JsonNode> form(@PathVariable String formId) {
        return ResponseEntity.of(forms.find(formId));
    }
}

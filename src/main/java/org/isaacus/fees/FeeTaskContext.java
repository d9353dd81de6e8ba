package org.isaacus.fees;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.isaacus.tasks.TaskContext;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** The fee (fees.dmn) as the applicant reads it on the fee acceptance: its category by name. */
@Component
class FeeTaskContext implements TaskContext {

    private final MessageSource messages;

    FeeTaskContext(MessageSource messages) {
        this.messages = messages;
    }

    @Override
    public Map<String, Object> variables(String formId, UUID caseId, Map<String, Object> task) {
        return Map.of();
    }

    @Override
    public Map<String, Object> words(String formId, Map<String, Object> task, Locale locale) {
        if (!(task.get("fee") instanceof Map<?, ?> fee)) {
            return Map.of();
        }
        Map<String, Object> said = new LinkedHashMap<>();
        fee.forEach((k, v) -> said.put(String.valueOf(k), v));
        if (fee.get("feeCategory") != null) {
            String category = String.valueOf(fee.get("feeCategory"));
            said.put("feeCategory", messages.getMessage("fee.category." + category, null, category, locale));
        }
        return Map.of("fee", said);
    }
}

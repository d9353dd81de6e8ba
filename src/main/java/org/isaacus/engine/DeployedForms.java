package org.isaacus.engine;

import static org.isaacus.db.Tables.DEPLOYED_FORM;

import io.camunda.client.api.response.Form;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The engine hands a job-based user task its linked form as a numeric form key; this remembers which form id
 * each deployed key stands for, across restarts and for older form versions still in running instances.
 */
@Component
public class DeployedForms {

    private final DSLContext db;

    DeployedForms(DSLContext db) {
        this.db = db;
    }

    @Transactional
    void remember(List<Form> forms) {
        for (Form form : forms) {
            db.insertInto(DEPLOYED_FORM)
                    .set(DEPLOYED_FORM.FORM_KEY, form.getFormKey())
                    .set(DEPLOYED_FORM.FORM_ID, form.getFormId())
                    .set(DEPLOYED_FORM.VERSION, form.getVersion())
                    .onConflictDoNothing()
                    .execute();
        }
    }

    @Transactional(readOnly = true)
    public Optional<String> formId(long formKey) {
        return db.select(DEPLOYED_FORM.FORM_ID)
                .from(DEPLOYED_FORM)
                .where(DEPLOYED_FORM.FORM_KEY.eq(formKey))
                .fetchOptional(DEPLOYED_FORM.FORM_ID);
    }
}

package org.isaacus.tasks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.isaacus.forms.Refusal;
import org.isaacus.identity.CurrentUser;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where a task stands in its process, for the diagram beside it: the model (BPMN XML), the elements and flows
 * its process instance has passed (from the engine's element history) and the task's own element. Visible to
 * whoever may see the task. On a Camunda cluster there is no history here: the path is empty, the position stays.
 */
@RestController
class TaskPosition {

    record Position(String processId, String current, List<String> passed) {}

    private final UserTaskService tasks;
    private final DSLContext db;
    private final String history;

    TaskPosition(
            UserTaskService tasks,
            DSLContext db,
            @Value("${isaacus.engine.embedded.schema:engine}") String engineSchema) {
        this.tasks = tasks;
        this.db = db;
        this.history = engineSchema.replaceAll("[^A-Za-z0-9_]", "") + ".history";
    }

    @GetMapping("/api/tasks/{jobKey}/position")
    Position position(@PathVariable long jobKey) {
        UserTask task = tasks.seen(CurrentUser.get(), jobKey);
        if (!Boolean.TRUE.equals(
                db.fetchOne("SELECT to_regclass(?) IS NOT NULL", history).get(0, Boolean.class))) {
            return new Position(null, task.elementId(), List.of());
        }
        String processId = db.fetchOptional(
                        "SELECT bpmn_process_id FROM " + history + " WHERE process_instance_key = ? LIMIT 1",
                        task.processInstanceKey())
                .map(r -> r.get(0, String.class))
                .orElse(null);
        List<String> passed = db.fetch(
                        "SELECT DISTINCT element_id FROM " + history
                                + " WHERE process_instance_key = ? AND event IN ('completed', 'taken')",
                        task.processInstanceKey())
                .getValues(0, String.class);
        return new Position(processId, task.elementId(), passed);
    }

    /** The deployed model of a process the caller has a task in (the models ship with the app). */
    @GetMapping(value = "/api/tasks/{jobKey}/model", produces = "application/xml")
    String model(@PathVariable long jobKey) throws IOException {
        var position = position(jobKey);
        if (position.processId() == null || !position.processId().matches("[a-z0-9-]+")) {
            throw new Refusal(HttpStatus.NOT_FOUND, "refusal.task.no-model");
        }
        try (InputStream in = getClass().getResourceAsStream("/models/" + position.processId() + ".bpmn")) {
            if (in == null) {
                throw new Refusal(HttpStatus.NOT_FOUND, "refusal.task.no-model");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

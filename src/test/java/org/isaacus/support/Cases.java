package org.isaacus.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Steps of a case through the REST API that several integration tests take: drafts, tasks, statuses. */
public class Cases {

    private final Api api;
    private final String aino;

    /** @param applicant the token whose view of a case {@link #awaitStatus} watches */
    public Cases(Api api, String applicant) {
        this.api = api;
        this.aino = applicant;
    }

    /** Waits until the applicant sees the case in that status (the process moves it asynchronously). */
    /**
     * Waits until the case has reached the status (it is the current one or in the timeline: a grant moves on to
     * data in preparation within moments).
     */
    public void awaitStatus(String caseId, String status) {
        String code = status.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            var application = api.get(aino, "/api/applications/" + caseId).json();
            return status.equals(application.path("status").asText())
                    || application.path("timeline").findValuesAsText("status").contains(code);
        });
    }

    /** Claims (unless assigned already) and completes a task; the answer must be accepted. */
    public void work(String token, long jobKey, Map<String, ?> answer) {
        var task = api.get(token, "/api/tasks/" + jobKey).json();
        if (task.path("assignee").isNull() || task.path("assignee").asText().isEmpty()) {
            var claimed = api.post(token, "/api/tasks/" + jobKey + "/claim", null);
            assertThat(claimed.status()).as(claimed.toString()).isEqualTo(200);
        }
        var done = api.post(token, "/api/tasks/" + jobKey + "/complete", answer);
        assertThat(done.status()).as(done.toString()).isEqualTo(204);
    }

    public long awaitTask(String token, String caseId, String formId) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            for (var t : api.get(token, "/api/tasks?q=" + caseId)
                                    .json()
                                    .path("tasks")) {
                                if (caseId.equals(t.path("caseId").asText())
                                        && formId.equals(t.path("formId").asText())) {
                                    return t.path("jobKey").asLong();
                                }
                            }
                            return null;
                        },
                        java.util.Objects::nonNull);
    }

    public String draft(String token) {
        var created = api.post(token, "/api/applications", null);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    public String readyDraft(String token) {
        return readyDraft(token, Map.of());
    }

    public String readyDraft(String token, Map<String, Object> changes) {
        String id = draft(token);
        var form = new HashMap<String, Object>(Api.validApplication());
        form.putAll(changes);
        var saved = api.put(token, "/api/applications/" + id + "/form", form);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(api.upload(token, "/api/applications/" + id + "/attachments", "plan.pdf", Pdfs.onePage())
                        .status())
                .isEqualTo(201);
        return id;
    }
}

package org.isaacus.processengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.isaacus.identity.Role;
import org.isaacus.support.Api;
import org.isaacus.support.IntegrationTest;
import org.isaacus.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The embedded engine's admin surface in the running app: incidents with retry, and the movable clock. */
class EngineAdminIT extends IntegrationTest {

    @Autowired
    JWKSource<SecurityContext> keys;

    @Test
    void anAdminSeesAnIncidentAndRetriesItOthersAreRefused() {
        var api = new Api(baseUrl());
        var tokens = new Tokens(keys);
        String admin = tokens.of("admin", Role.ADMIN);
        String officer = tokens.of("olli", Role.PERMIT_OFFICER);
        camunda.newDeployResourceCommand()
                .addProcessModel(
                        Bpmn.createExecutableProcess("admin-incident")
                                .startEvent()
                                .serviceTask("flaky", t -> t.zeebeJobType("admin-incident-flaky"))
                                .endEvent()
                                .done(),
                        "admin-incident.bpmn")
                .send()
                .join();
        long instance = camunda.newCreateInstanceCommand()
                .bpmnProcessId("admin-incident")
                .latestVersion()
                .send()
                .join()
                .getProcessInstanceKey();
        var job = camunda.newActivateJobsCommand()
                .jobType("admin-incident-flaky")
                .maxJobsToActivate(1)
                .send()
                .join()
                .getJobs()
                .getFirst();
        camunda.newFailCommand(job.getKey())
                .retries(0)
                .errorMessage("the register did not answer")
                .send()
                .join();

        assertThat(api.get(officer, "/api/engine/incidents").status()).isEqualTo(403);
        var incidents = api.get(admin, "/api/engine/incidents").json();
        var incident = java.util.stream.StreamSupport.stream(incidents.spliterator(), false)
                .filter(i -> i.path("processInstanceKey").asLong() == instance)
                .findFirst()
                .orElseThrow();
        assertThat(incident.path("errorType").asText()).isEqualTo("JOB_NO_RETRIES");
        assertThat(incident.path("errorMessage").asText()).isEqualTo("the register did not answer");

        assertThat(api.post(
                                officer,
                                "/api/engine/incidents/" + incident.path("key").asLong() + "/retry",
                                Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(api.post(
                                admin,
                                "/api/engine/incidents/" + incident.path("key").asLong() + "/retry",
                                Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(api.post(admin, "/api/engine/incidents/1/retry", Map.of()).status())
                .isEqualTo(404);
        // the job is back for its worker, and the incident is gone
        var again = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> camunda.newActivateJobsCommand()
                                .jobType("admin-incident-flaky")
                                .maxJobsToActivate(1)
                                .requestTimeout(Duration.ofSeconds(1))
                                .send()
                                .join()
                                .getJobs(),
                        jobs -> !jobs.isEmpty());
        assertThat(again.getFirst().getKey()).isEqualTo(job.getKey());
        camunda.newCompleteCommand(job.getKey()).send().join();
        assertThat(api.get(admin, "/api/engine/incidents").text()).doesNotContain("\"processInstanceKey\":" + instance);
    }

    @Test
    void theClockMovesForwardForAdminsWhereClockControlIsOn() {
        var api = new Api(baseUrl());
        var tokens = new Tokens(keys);
        Instant before = engine.clock().now();
        assertThat(api.post(tokens.of("olli", Role.PERMIT_OFFICER), "/api/engine/clock", Map.of("advance", "PT1H"))
                        .status())
                .isEqualTo(403);
        assertThat(api.post(tokens.of("admin", Role.ADMIN), "/api/engine/clock", Map.of("advance", "-PT1H"))
                        .status())
                .isEqualTo(400);
        var moved = api.post(tokens.of("admin", Role.ADMIN), "/api/engine/clock", Map.of("advance", "PT1M"));
        assertThat(moved.status()).isEqualTo(200);
        assertThat(engine.clock().now()).isAfterOrEqualTo(before.plus(Duration.ofMinutes(1)));
    }
}

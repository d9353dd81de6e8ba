package org.isaacus.processengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.grpc.Status;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the whole app (its JVM; the embedded PostgreSQL is orphaned and stopped at the next start) while
 * jobs are activated, timers are due and messages are being published; after the restart no acknowledged
 * step is lost, no job or timer is lost, and nothing fires or correlates twice.
 */
class EngineCrashIT {

    private static final BpmnModelInstance MODEL = Bpmn.createExecutableProcess("crash")
            .startEvent()
            .serviceTask("crash-step", t -> t.zeebeJobType("crash-step"))
            .intermediateCatchEvent("wait", c -> c.timerWithDuration("PT1H"))
            .receiveTask("go")
            .message(m -> m.name("crash-go").zeebeCorrelationKeyExpression("id"))
            .serviceTask("crash-after", t -> t.zeebeJobType("crash-after"))
            .endEvent()
            .done();

    private final Path dataDir;
    private final int[] ports = org.isaacus.support.TestComponents.freePorts(3);
    private final int httpPort = ports[0];
    private final int postgresPort = ports[1];
    private final int enginePort = ports[2];
    private Process app;

    EngineCrashIT() throws IOException {
        dataDir = org.isaacus.local.ThrowAwayDirectories.create("isaacus-crash");
    }

    @AfterEach
    void stop() throws IOException {
        if (app != null) {
            app.destroy();
            app.onExit().join();
        }
        org.isaacus.local.ThrowAwayDirectories.remove(dataDir);
    }

    @Test
    void nothingAcknowledgedIsLostAndNothingHappensTwiceAfterKillMinus9() throws Exception {
        start();
        List<Long> completed = new ArrayList<>();
        List<Long> activatedOnly = new ArrayList<>();
        try (var client = client()) {
            client.newDeployResourceCommand()
                    .addProcessModel(MODEL, "crash.bpmn")
                    .send()
                    .join();
            for (int i = 0; i < 20; i++) {
                client.newCreateInstanceCommand()
                        .bpmnProcessId("crash")
                        .latestVersion()
                        .variables(Map.of("id", "c" + i))
                        .send()
                        .join();
            }
            List<ActivatedJob> jobs = activate(client, "crash-step", 20);
            assertThat(jobs).hasSize(20);
            for (ActivatedJob job : jobs) {
                if (Integer.parseInt(
                                job.getVariablesAsMap().get("id").toString().substring(1))
                        < 10) {
                    client.newCompleteCommand(job.getKey()).send().join();
                    completed.add(job.getProcessInstanceKey());
                } else {
                    activatedOnly.add(job.getProcessInstanceKey());
                }
            }
            // the ten completed instances wait on their timers: make them due, then publish while the app dies
            moveEngineClock(Duration.ofHours(2));
            AtomicInteger acknowledged = new AtomicInteger();
            var publishing = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 10; i++) {
                    try {
                        publish(client, "c" + i);
                        acknowledged.incrementAndGet();
                    } catch (RuntimeException e) {
                        return; // the app is gone
                    }
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.get() >= 4 || publishing.isDone());
            app.destroyForcibly(); // SIGKILL, while messages are being published and timers are due
            app.onExit().join();
            publishing.join();
        }

        start();
        try (var client = client()) {
            // the publisher retries everything it is not sure of, with the same message ids
            for (int i = 0; i < 10; i++) {
                try {
                    publish(client, "c" + i);
                } catch (ClientStatusException e) {
                    assertThat(e.getStatusCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
                }
            }
            // the jobs that were activated when the app died come back once their lock runs out
            moveEngineClock(Duration.ofMinutes(10));
            List<ActivatedJob> again = await().atMost(Duration.ofSeconds(60))
                    .until(() -> activate(client, "crash-step", 20), jobs -> jobs.size() >= activatedOnly.size());
            assertThat(again)
                    .extracting(ActivatedJob::getProcessInstanceKey)
                    .containsExactlyInAnyOrderElementsOf(activatedOnly);

            // each completed instance passed its timer once and took its message once
            List<ActivatedJob> after = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                after.addAll(activate(client, "crash-after", 20));
                return after.size() >= 10;
            });
            assertThat(after)
                    .extracting(ActivatedJob::getProcessInstanceKey)
                    .containsExactlyInAnyOrderElementsOf(completed);
            Map<Object, Long> perId = new HashMap<>();
            after.forEach(j -> perId.merge(j.getVariablesAsMap().get("id"), 1L, Long::sum));
            assertThat(perId.values()).containsOnly(1L);
            try (Connection db = database()) {
                var twice = db.createStatement()
                        .executeQuery(
                                "select count(*) from engine.history where element_id in ('wait', 'go')"
                                        + " and event = 'completed' group by process_instance_key, element_id having count(*) > 1");
                assertThat(twice.next()).as("an event completed twice").isFalse();
                var timers = db.createStatement()
                        .executeQuery(
                                "select count(*) from engine.history where element_id = 'wait' and event = 'completed'");
                timers.next();
                assertThat(timers.getInt(1)).isEqualTo(10);
            }
        }
    }

    /** The production path to a Camunda 8 cluster: one setting switches the engine off and the app still starts. */
    @Test
    void theAppStartsWithItsEngineSwitchedOff() throws Exception {
        app = launch("--isaacus.engine.embedded.enabled=false");
        var http = java.net.http.HttpClient.newHttpClient();
        var health = java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/actuator/health"))
                .build();
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    assertThat(app.isAlive())
                            .as("the app died; see " + dataDir.resolve("app.log"))
                            .isTrue();
                    try {
                        return http.send(health, java.net.http.HttpResponse.BodyHandlers.ofString())
                                        .statusCode()
                                > 0;
                    } catch (IOException e) {
                        return false;
                    }
                });
        // nothing listens where the engine would: the app waits for a cluster there
        try (var client = client()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> client.newTopologyRequest().send().join())
                    .isInstanceOf(ClientStatusException.class);
        }
    }

    private void start() throws IOException {
        app = launch();
        awaitEngine();
    }

    private Process launch(String... extra) throws IOException {
        // what the killed app leaves in a temp folder goes with its data directory
        Path temp = java.nio.file.Files.createDirectories(dataDir.resolve("tmp"));
        String java = ProcessHandle.current().info().command().orElse("java");
        File jar = Path.of("target", "isaacus-0.1.0-SNAPSHOT.jar").toFile();
        assertThat(jar).exists();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx512m",
                "-Djava.io.tmpdir=" + temp,
                "-jar",
                jar.getAbsolutePath(),
                "--spring.profiles.active=local",
                "--isaacus.data-dir=" + dataDir,
                "--server.port=" + httpPort,
                "--isaacus.local.postgres.port=" + postgresPort,
                "--isaacus.engine.embedded.port=" + enginePort,
                "--camunda.client.grpc-address=http://127.0.0.1:" + enginePort,
                "--isaacus.registers.synthetic.persons=1",
                "--isaacus.search.local.enabled=false",
                "--isaacus.engine.embedded.scheduler-interval=PT0.2S"));
        command.addAll(List.of(extra));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dataDir.resolve("app.log").toFile()))
                .start();
    }

    private void awaitEngine() {
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    assertThat(app.isAlive())
                            .as("the app died; see " + dataDir.resolve("app.log"))
                            .isTrue();
                    try (var client = client()) {
                        return !client.newTopologyRequest()
                                .send()
                                .join()
                                .getBrokers()
                                .isEmpty();
                    } catch (RuntimeException e) {
                        return false;
                    }
                });
    }

    private CamundaClient client() {
        return CamundaClient.newClientBuilder()
                .grpcAddress(URI.create("http://127.0.0.1:" + enginePort))
                .restAddress(URI.create("http://127.0.0.1:1"))
                .preferRestOverGrpc(false)
                .defaultRequestTimeout(Duration.ofSeconds(20))
                .build();
    }

    private static void publish(CamundaClient client, String id) {
        client.newPublishMessageCommand()
                .messageName("crash-go")
                .correlationKey(id)
                .messageId(id)
                .timeToLive(Duration.ofHours(1))
                .send()
                .join();
    }

    private static List<ActivatedJob> activate(CamundaClient client, String type, int max) {
        return client.newActivateJobsCommand()
                .jobType(type)
                .maxJobsToActivate(max)
                .timeout(Duration.ofMinutes(5))
                .requestTimeout(Duration.ofMillis(-1))
                .send()
                .join()
                .getJobs();
    }

    /** Engine time lives in the database; the running engine picks the new offset up at its next round. */
    private void moveEngineClock(Duration by) throws SQLException {
        try (Connection db = database()) {
            db.createStatement().executeUpdate("update engine.clock set offset_ms = offset_ms + " + by.toMillis());
        }
    }

    private Connection database() throws SQLException {
        String password;
        try {
            password = org.isaacus.local.DatabaseAccounts.of(dataDir).adminPassword();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres",
                org.isaacus.local.DatabaseAccounts.ADMIN,
                password);
    }
}

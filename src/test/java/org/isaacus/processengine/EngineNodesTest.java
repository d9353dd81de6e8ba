package org.isaacus.processengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.grpc.Status;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.isaacus.engine.IsaacusTestEngine;
import org.isaacus.processengine.internal.EngineServer;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * The engine as a component: several nodes on one database, a restart that keeps everything acknowledged,
 * long polling, and models outside the supported subset refused at deployment.
 */
class EngineNodesTest {

    private static final AtomicInteger schemas = new AtomicInteger();

    private static EngineServer node(String schema) {
        return new EngineServer(new EngineServer.Settings(
                IsaacusTestEngine.postgres().getJdbcUrl("postgres", "postgres"),
                "postgres",
                "",
                schema,
                "127.0.0.1",
                freePort(),
                true,
                4,
                Duration.ofMillis(100)));
    }

    private static CamundaClient client(EngineServer node) {
        return CamundaClient.newClientBuilder()
                .grpcAddress(URI.create("http://127.0.0.1:" + node.port()))
                .restAddress(URI.create("http://127.0.0.1:1"))
                .preferRestOverGrpc(false)
                .defaultRequestTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static final BpmnModelInstance WORK = Bpmn.createExecutableProcess("work")
            .startEvent()
            .serviceTask("step", t -> t.zeebeJobType("step"))
            .intermediateCatchEvent("wait", c -> c.timerWithDuration("PT1H"))
            .serviceTask("after", t -> t.zeebeJobType("after"))
            .endEvent()
            .done();

    @Test
    void twoNodesOnOneDatabaseHandEachJobToOneWorkerAndFireEachTimerOnce() throws Exception {
        String schema = "engine_nodes_" + schemas.incrementAndGet();
        try (var a = node(schema);
                var b = node(schema);
                var clientA = client(a);
                var clientB = client(b)) {
            clientA.newDeployResourceCommand()
                    .addProcessModel(WORK, "work.bpmn")
                    .send()
                    .join();
            int instances = 60;
            for (int i = 0; i < instances; i++) {
                (i % 2 == 0 ? clientA : clientB)
                        .newCreateInstanceCommand()
                        .bpmnProcessId("work")
                        .latestVersion()
                        .variables(Map.of("n", i))
                        .send()
                        .join();
            }
            // both nodes' workers race for the same jobs
            Set<Long> handedOut = ConcurrentHashMap.newKeySet();
            List<Long> duplicates = Collections.synchronizedList(new ArrayList<>());
            var workers = List.of(clientA, clientB, clientA, clientB).stream()
                    .map(client -> CompletableFuture.runAsync(() -> {
                        int empty = 0;
                        while (empty < 3) {
                            List<ActivatedJob> jobs = client.newActivateJobsCommand()
                                    .jobType("step")
                                    .maxJobsToActivate(5)
                                    .timeout(Duration.ofMinutes(5))
                                    .requestTimeout(Duration.ofMillis(200))
                                    .send()
                                    .join()
                                    .getJobs();
                            empty = jobs.isEmpty() ? empty + 1 : 0;
                            for (ActivatedJob job : jobs) {
                                if (!handedOut.add(job.getKey())) {
                                    duplicates.add(job.getKey());
                                }
                                client.newCompleteCommand(job.getKey()).send().join();
                            }
                        }
                    }))
                    .toList();
            CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            assertThat(duplicates).isEmpty();
            assertThat(handedOut).hasSize(instances);

            // the timers are due for both nodes at once: each fires once
            a.clock().advance(Duration.ofHours(2));
            var settleA = CompletableFuture.runAsync(a::settle);
            var settleB = CompletableFuture.runAsync(b::settle);
            CompletableFuture.allOf(settleA, settleB).get(60, TimeUnit.SECONDS);
            a.settle();
            int fired = DSL.using(a.dataSource(), org.jooq.SQLDialect.POSTGRES)
                    .fetchCount(DSL.selectOne().from("history").where("element_id = 'wait' and event = 'completed'"));
            assertThat(fired).isEqualTo(instances);
            List<ActivatedJob> after = clientB.newActivateJobsCommand()
                    .jobType("after")
                    .maxJobsToActivate(100)
                    .timeout(Duration.ofMinutes(5))
                    .requestTimeout(Duration.ofMillis(-1))
                    .send()
                    .join()
                    .getJobs();
            assertThat(after).hasSize(instances);
        }
    }

    @Test
    void aRestartedEngineGoesOnWhereItStopped() {
        String schema = "engine_restart_" + schemas.incrementAndGet();
        long instance;
        long jobKey;
        try (var first = node(schema);
                var client = client(first)) {
            client.newDeployResourceCommand()
                    .addProcessModel(WORK, "work.bpmn")
                    .send()
                    .join();
            instance = client.newCreateInstanceCommand()
                    .bpmnProcessId("work")
                    .latestVersion()
                    .variables(Map.of("kept", "yes"))
                    .send()
                    .join()
                    .getProcessInstanceKey();
            jobKey = client.newActivateJobsCommand()
                    .jobType("step")
                    .maxJobsToActivate(1)
                    .timeout(Duration.ofMinutes(1))
                    .requestTimeout(Duration.ofMillis(-1))
                    .send()
                    .join()
                    .getJobs()
                    .getFirst()
                    .getKey();
        }
        try (var second = node(schema);
                var client = client(second)) {
            // the activated job's lock survived the restart; when it runs out the job is handed out again
            assertThat(activate(client, "step")).isEmpty();
            second.advanceClock(Duration.ofMinutes(2));
            List<ActivatedJob> again = activate(client, "step");
            assertThat(again).extracting(ActivatedJob::getKey).containsExactly(jobKey);
            assertThat(again.getFirst().getVariablesAsMap()).containsEntry("kept", "yes");
            client.newCompleteCommand(jobKey).send().join();
            second.advanceClock(Duration.ofHours(1));
            List<ActivatedJob> after = activate(client, "after");
            assertThat(after)
                    .singleElement()
                    .satisfies(job -> assertThat(job.getProcessInstanceKey()).isEqualTo(instance));
        }
    }

    @Test
    void anIdleWorkerWaitsAndAJobReachesItAtOnce() throws Exception {
        String schema = "engine_poll_" + schemas.incrementAndGet();
        try (var engine = node(schema);
                var client = client(engine)) {
            client.newDeployResourceCommand()
                    .addProcessModel(WORK, "work.bpmn")
                    .send()
                    .join();
            // nothing to do: the call waits for the whole request timeout, then answers empty
            assertThat(client.newActivateJobsCommand()
                            .jobType("step")
                            .maxJobsToActivate(1)
                            .timeout(Duration.ofMinutes(1))
                            .requestTimeout(Duration.ofMillis(300))
                            .send()
                            .join()
                            .getJobs())
                    .isEmpty();
            // a long poll that is waiting gets the job created meanwhile, well before its timeout
            var waiting = client.newActivateJobsCommand()
                    .jobType("step")
                    .maxJobsToActivate(1)
                    .timeout(Duration.ofMinutes(1))
                    .requestTimeout(Duration.ofMinutes(5))
                    .send();
            client.newCreateInstanceCommand()
                    .bpmnProcessId("work")
                    .latestVersion()
                    .send()
                    .join();
            assertThat(waiting.toCompletableFuture().get(60, TimeUnit.SECONDS).getJobs())
                    .hasSize(1);
        }
    }

    /**
     * A message with no time to live reaches the instances waiting for it when it is published, however busy the
     * scheduler is meanwhile: it once dropped such a message as expired between its insert and its correlation.
     */
    @Test
    void aMessageWithoutTimeToLiveReachesEveryWaitingInstanceWhileTheSchedulerRuns() throws Exception {
        String schema = "engine_ttl_" + schemas.incrementAndGet();
        BpmnModelInstance waiting = Bpmn.createExecutableProcess("waiting")
                .startEvent()
                .receiveTask("told", r -> r.message(m -> m.name("told").zeebeCorrelationKeyExpression("id")))
                .serviceTask("after", t -> t.zeebeJobType("after"))
                .endEvent()
                .done();
        try (var engine = node(schema);
                var other = node(schema);
                var client = client(engine)) {
            client.newDeployResourceCommand()
                    .addProcessModel(waiting, "waiting.bpmn")
                    .send()
                    .join();
            int instances = 100;
            for (int i = 0; i < instances; i++) {
                client.newCreateInstanceCommand()
                        .bpmnProcessId("waiting")
                        .latestVersion()
                        .variables(Map.of("id", "case-" + i))
                        .send()
                        .join();
            }
            // another node's scheduler rounds, back to back, while the messages are published
            var rounds = new AtomicInteger();
            var stop = new java.util.concurrent.atomic.AtomicBoolean();
            var scheduler = CompletableFuture.runAsync(() -> {
                while (!stop.get()) {
                    other.settle();
                    rounds.incrementAndGet();
                }
            });
            try {
                for (int i = 0; i < instances; i++) {
                    client.newPublishMessageCommand()
                            .messageName("told")
                            .correlationKey("case-" + i)
                            .timeToLive(Duration.ZERO)
                            .send()
                            .join();
                }
            } finally {
                stop.set(true);
                scheduler.get(60, TimeUnit.SECONDS);
            }
            assertThat(rounds.get()).as("scheduler rounds during the publishes").isPositive();
            int told = DSL.using(engine.dataSource(), org.jooq.SQLDialect.POSTGRES)
                    .fetchCount(DSL.selectOne().from("history").where("element_id = 'told' and event = 'completed'"));
            assertThat(told).as("instances the message reached").isEqualTo(instances);
        }
    }

    @Test
    void aModelOutsideTheSupportedSubsetIsRefusedNamingElementAndFeature() {
        String schema = "engine_refuse_" + schemas.incrementAndGet();
        try (var engine = node(schema);
                var client = client(engine)) {
            BpmnModelInstance inclusive = Bpmn.createExecutableProcess("unsupported")
                    .startEvent()
                    .inclusiveGateway("either")
                    .endEvent()
                    .done();
            assertThatThrownBy(() -> client.newDeployResourceCommand()
                            .addProcessModel(inclusive, "unsupported.bpmn")
                            .send()
                            .join())
                    .isInstanceOfSatisfying(ClientStatusException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains("'either'").contains("inclusiveGateway");
                    });
            BpmnModelInstance script = Bpmn.createExecutableProcess("scripted")
                    .startEvent()
                    .scriptTask("calc", s -> s.zeebeExpression("1 + 1").zeebeResultVariable("two"))
                    .endEvent()
                    .done();
            assertThatThrownBy(() -> client.newDeployResourceCommand()
                            .addProcessModel(script, "scripted.bpmn")
                            .send()
                            .join())
                    .hasMessageContaining("'calc'")
                    .hasMessageContaining("scriptTask");
            // nothing of a refused deployment is kept
            assertThatThrownBy(() -> client.newCreateInstanceCommand()
                            .bpmnProcessId("unsupported")
                            .latestVersion()
                            .send()
                            .join())
                    .isInstanceOfSatisfying(
                            ClientStatusException.class,
                            e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.NOT_FOUND));
            // a call the engine does not implement says which
            assertThatThrownBy(() -> client.newBroadcastSignalCommand()
                            .signalName("s")
                            .send()
                            .join())
                    .isInstanceOfSatisfying(ClientStatusException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
                        assertThat(e.getMessage()).contains("BroadcastSignal");
                    });
        }
    }

    private static List<ActivatedJob> activate(CamundaClient client, String type) {
        return client.newActivateJobsCommand()
                .jobType(type)
                .maxJobsToActivate(10)
                .timeout(Duration.ofMinutes(1))
                .requestTimeout(Duration.ofMillis(-1))
                .send()
                .join()
                .getJobs();
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

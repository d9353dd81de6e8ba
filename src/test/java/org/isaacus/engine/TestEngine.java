package org.isaacus.engine;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The in-memory Zeebe engine of Zeebe Process Test, reached over gRPC exactly like a broker. Tests only: it
 * forgets everything when stopped and is not licensed for production.
 */
public final class TestEngine implements AutoCloseable {

    public static final Path PROJECT = Path.of(System.getProperty("user.dir"));

    private final ZeebeTestEngine engine;
    private final CamundaClient client;

    private TestEngine(ZeebeTestEngine engine) {
        this.engine = engine;
        this.client = CamundaClient.newClientBuilder()
                .grpcAddress(URI.create("http://" + engine.getGatewayAddress()))
                .restAddress(URI.create("http://127.0.0.1:1"))
                .preferRestOverGrpc(false)
                .defaultRequestTimeout(Duration.ofSeconds(10))
                .build();
    }

    public static TestEngine start() {
        var engine = EngineFactory.create(freePort());
        engine.start();
        return new TestEngine(engine);
    }

    public CamundaClient client() {
        return client;
    }

    public ZeebeTestEngine engine() {
        return engine;
    }

    public String grpcAddress() {
        return "http://" + engine.getGatewayAddress();
    }

    /** Deploys every model from processes/, decision-tables/ and forms/. */
    public void deployModels() {
        var step = client.newDeployResourceCommand()
                .addResourceFile(models().getFirst().toString());
        for (Path model : models().subList(1, models().size())) {
            step = step.addResourceFile(model.toString());
        }
        step.send().join();
    }

    public static List<Path> models() {
        return Stream.of("processes", "decision-tables", "forms")
                .flatMap(dir -> list(PROJECT.resolve(dir)))
                .sorted()
                .toList();
    }

    public void idle() {
        try {
            engine.waitForIdleState(Duration.ofSeconds(10));
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("engine did not become idle", e);
        }
    }

    /** Ids of all elements (flow nodes and sequence flows) the engine has completed or taken so far. */
    public Set<String> visitedElements() {
        return records()
                .filter(r -> r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
                        || r.getIntent() == ProcessInstanceIntent.SEQUENCE_FLOW_TAKEN)
                .filter(r -> r.getValue().getBpmnElementType() != BpmnElementType.PROCESS)
                .map(r -> r.getValue().getElementId())
                .collect(Collectors.toSet());
    }

    /** Incidents raised so far, as text, to make a failing test say why. */
    public List<String> incidents() {
        return java.util.stream.StreamSupport.stream(
                        RecordStream.of(engine.getRecordStreamSource())
                                .incidentRecords()
                                .spliterator(),
                        false)
                .map(r -> r.getValue().getElementId() + ": " + r.getValue().getErrorMessage())
                .toList();
    }

    public boolean completed(long processInstanceKey) {
        return records()
                .anyMatch(r -> r.getKey() == processInstanceKey
                        && r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
                        && r.getValue().getBpmnElementType() == BpmnElementType.PROCESS);
    }

    private Stream<
                    io.camunda.zeebe.protocol.record.Record<
                            io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue>>
            records() {
        return java.util.stream.StreamSupport.stream(
                RecordStream.of(engine.getRecordStreamSource())
                        .processInstanceRecords()
                        .spliterator(),
                false);
    }

    @Override
    public void close() {
        client.close();
        engine.stop();
    }

    private static Stream<Path> list(Path dir) {
        try (var files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

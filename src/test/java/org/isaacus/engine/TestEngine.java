package org.isaacus.engine;

import io.camunda.client.CamundaClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An engine for the tests, reached over gRPC through the real Camunda client like a cluster: the Isaacus
 * engine (the default) or, for the conformance runs, Zeebe Process Test's in-memory Zeebe engine (the
 * oracle; test scope only). {@code -Disaacus.test.engine=zeebe} picks the oracle.
 */
public abstract class TestEngine implements AutoCloseable {

    public static final Path PROJECT = Path.of(System.getProperty("user.dir"));

    private CamundaClient client;

    public static TestEngine start() {
        return "zeebe".equals(System.getProperty("isaacus.test.engine", "isaacus"))
                ? ZeebeTestEngine.create()
                : IsaacusTestEngine.create();
    }

    /** Zeebe Process Test's engine: the conformance oracle. */
    public static TestEngine startZeebe() {
        return ZeebeTestEngine.create();
    }

    public static TestEngine startIsaacus() {
        return IsaacusTestEngine.create();
    }

    public static boolean zeebe() {
        return "zeebe".equals(System.getProperty("isaacus.test.engine", "isaacus"));
    }

    public abstract String grpcAddress();

    public synchronized CamundaClient client() {
        if (client == null) {
            client = CamundaClient.newClientBuilder()
                    .grpcAddress(URI.create(grpcAddress()))
                    .restAddress(URI.create("http://127.0.0.1:1"))
                    .preferRestOverGrpc(false)
                    .defaultRequestTimeout(Duration.ofSeconds(30))
                    .build();
        }
        return client;
    }

    /** Deploys every model from processes/, decision-tables/ and forms/. */
    public void deployModels() {
        var step = client().newDeployResourceCommand()
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

    /** Waits until the engine has processed everything it was asked to (timers due included). */
    public abstract void idle();

    /** Moves engine time forward; timers that become due fire. */
    public abstract void increaseTime(Duration duration);

    /** Ids of all elements (flow nodes and sequence flows) the engine has completed or taken so far. */
    public abstract Set<String> visitedElements();

    /** Incidents raised so far, as text, to make a failing test say why. */
    public abstract List<String> incidents();

    public abstract boolean completed(long processInstanceKey);

    /**
     * Element lifecycle since the last call, as "elementId activated|completed|terminated|taken" with the
     * process instance key: what the conformance suite compares between the engines.
     */
    public abstract List<ElementEvent> newElementEvents();

    /** Keys of the incidents that are not resolved. */
    public abstract List<Long> openIncidentKeys();

    /** Incidents created since the last call: error type and element. */
    public abstract List<String> newIncidents();

    public record ElementEvent(long processInstanceKey, String elementId, String event) {}

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }

    static Stream<Path> list(Path dir) {
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

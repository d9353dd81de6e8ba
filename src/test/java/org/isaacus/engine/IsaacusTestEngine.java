package org.isaacus.engine;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.isaacus.processengine.internal.EngineServer;
import org.jooq.impl.DSL;

/**
 * The Isaacus engine on a real PostgreSQL (one embedded server per test JVM, a fresh schema per engine),
 * reached over gRPC on a free port, with its clock under the test's control.
 */
public final class IsaacusTestEngine extends TestEngine {

    private static EmbeddedPostgres postgres;
    private static final AtomicInteger schemas = new AtomicInteger();

    private final EngineServer server;

    private IsaacusTestEngine(EngineServer server) {
        this.server = server;
    }

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = org.isaacus.local.EmbeddedPostgresLauncher.LocalProcesses.throwAwayPostgres()
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return postgres;
    }

    static IsaacusTestEngine create() {
        String url = postgres().getJdbcUrl("postgres", "postgres");
        return new IsaacusTestEngine(new EngineServer(new EngineServer.Settings(
                url,
                "postgres",
                "",
                "engine_test_" + schemas.incrementAndGet(),
                "127.0.0.1",
                freePort(),
                true,
                4,
                Duration.ofMillis(200))));
    }

    public EngineServer server() {
        return server;
    }

    @Override
    public String grpcAddress() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void idle() {
        server.settle();
    }

    @Override
    public void increaseTime(Duration duration) {
        server.advanceClock(duration);
    }

    @Override
    public Set<String> visitedElements() {
        return new HashSet<>(DSL.using(server.dataSource(), org.jooq.SQLDialect.POSTGRES)
                .fetch("select distinct element_id from history where event in ('completed', 'taken')"
                        + " and element_type <> 'PROCESS'")
                .getValues(0, String.class));
    }

    @Override
    public List<String> incidents() {
        return server.commands().incidents().stream()
                .map(i -> i.get("elementId") + ": " + i.get("errorMessage"))
                .toList();
    }

    @Override
    public boolean completed(long processInstanceKey) {
        return DSL.using(server.dataSource(), org.jooq.SQLDialect.POSTGRES)
                        .fetchCount(DSL.selectOne()
                                .from("history")
                                .where("element_instance_key = ? and event = 'completed'", processInstanceKey))
                > 0;
    }

    private long seenHistory;
    private final Set<Long> seenIncidents = new HashSet<>();

    @Override
    public List<ElementEvent> newElementEvents() {
        var rows = DSL.using(server.dataSource(), org.jooq.SQLDialect.POSTGRES)
                .fetch(
                        "select seq, process_instance_key, element_id, event from history where seq > ? order by seq",
                        seenHistory);
        if (rows.isNotEmpty()) {
            seenHistory = rows.getLast().get(0, Long.class);
        }
        return rows.map(r -> new ElementEvent(r.get(1, Long.class), r.get(2, String.class), r.get(3, String.class)));
    }

    @Override
    public List<Long> openIncidentKeys() {
        return server.commands().incidents().stream()
                .map(i -> (Long) i.get("key"))
                .toList();
    }

    @Override
    public List<String> newIncidents() {
        return server.commands().incidents().stream()
                .filter(i -> seenIncidents.add((Long) i.get("key")))
                .map(i -> i.get("errorType") + " at " + i.get("elementId"))
                .toList();
    }

    @Override
    public void close() {
        super.close();
        server.close();
    }
}

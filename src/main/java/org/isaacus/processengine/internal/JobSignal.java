package org.isaacus.processengine.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes long-polling ActivateJobs calls when jobs of their type become activatable: at once on this node, and
 * through PostgreSQL's LISTEN/NOTIFY on every other node that shares the database.
 */
final class JobSignal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobSignal.class);
    private static final String CHANNEL = "isaacus_engine_jobs";

    private final ConcurrentHashMap<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final DataSource dataSource;
    private volatile boolean running = true;
    private Thread listener;

    JobSignal(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void start() {
        listener = Thread.ofPlatform().daemon().name("isaacus-engine-listen").start(this::listen);
    }

    boolean running() {
        return running;
    }

    long generation(String type) {
        return generations.computeIfAbsent(type, t -> new AtomicLong()).get();
    }

    /** Waits until a job of the type may have arrived since the generation was read, or the time is up. */
    void await(String type, long seenGeneration, long millis) throws InterruptedException {
        AtomicLong generation = generations.computeIfAbsent(type, t -> new AtomicLong());
        long until = System.nanoTime() + millis * 1_000_000L;
        synchronized (generation) {
            while (generation.get() == seenGeneration && running) {
                long left = (until - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return;
                }
                generation.wait(left);
            }
        }
    }

    void wake(Collection<String> types) {
        if (types.isEmpty()) {
            return;
        }
        types.forEach(this::wakeLocal);
        try (Connection connection = dataSource.getConnection();
                var statement = connection.prepareStatement("select pg_notify(?, ?)")) {
            for (String type : types) {
                statement.setString(1, CHANNEL);
                statement.setString(2, type);
                statement.execute();
            }
        } catch (SQLException e) {
            log.debug("could not notify other nodes: {}", e.getMessage());
        }
    }

    private void wakeLocal(String type) {
        AtomicLong generation = generations.computeIfAbsent(type, t -> new AtomicLong());
        synchronized (generation) {
            generation.incrementAndGet();
            generation.notifyAll();
        }
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("listen " + CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            wakeLocal(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.debug("job notifications interrupted, listening again: {}", e.getMessage());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        generations.values().forEach(g -> {
            synchronized (g) {
                g.notifyAll();
            }
        });
        if (listener != null) {
            listener.interrupt();
            try {
                listener.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package org.isaacus.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts a real PostgreSQL (embedded binaries from Maven Central) before the data source is created, keeps
 * its data under the data directory, and stops it with the application. Switched off by
 * {@code isaacus.local.postgres.enabled=false} or by configuring {@code spring.datasource.url}.
 *
 * <p>Registered in META-INF/spring.factories because it must run before any bean exists.
 */
public class EmbeddedPostgresLauncher implements ApplicationListener<ApplicationEvent> {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresLauncher.class);
    static final String LOCK_FILE = "isaacus.lock";

    private static EmbeddedPostgres postgres;
    private static FileLock dataDirLock; // held (and referenced) for the life of the JVM
    /** A test's or benchmark's data directory, removed when the app stops ({@code isaacus.data-dir.throw-away}). */
    private static Path throwAway;

    private static DatabaseAccounts accounts;

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            start(prepared.getEnvironment());
        } else if (event instanceof ApplicationPreparedEvent prepared && postgres != null) {
            // registered before any other bean, so destroyed after all of them: nothing loses its database
            // while the context shuts down
            var beans = (DefaultListableBeanFactory)
                    prepared.getApplicationContext().getBeanFactory();
            beans.registerDisposableBean("embeddedPostgres", EmbeddedPostgresLauncher::stop);
        } else if (event instanceof ApplicationFailedEvent) {
            stop();
        }
    }

    private static synchronized void start(ConfigurableEnvironment env) {
        boolean enabled = env.getProperty("isaacus.local.postgres.enabled", Boolean.class, true);
        if (!enabled || env.containsProperty("spring.datasource.url") || postgres != null) {
            return;
        }
        int port = env.getProperty("isaacus.local.postgres.port", Integer.class, 15432);
        boolean durable = env.getProperty("isaacus.local.postgres.durable", Boolean.class, true);
        Path dataDir = Path.of(env.getProperty("isaacus.data-dir", "./data"))
                .toAbsolutePath()
                .normalize()
                .resolve("postgres");
        try {
            Files.createDirectories(dataDir.getParent());
            lockDataDirectory(dataDir.getParent());
            if (env.getProperty("isaacus.data-dir.throw-away", Boolean.class, false)) {
                // only ever a directory of the temp folder: a mistaken setting must not delete ./data
                if (ThrowAwayDirectories.inTempFolder(dataDir.getParent())) {
                    throwAway = dataDir.getParent();
                } else {
                    log.warn("isaacus.data-dir.throw-away ignored: {} is not in the temp folder", dataDir.getParent());
                }
            }
            accounts = DatabaseAccounts.of(dataDir.getParent());
            LocalProcesses.stopStalePostgres(dataDir);
            LocalProcesses.requireFreePort("PostgreSQL", port, "isaacus.local.postgres.port");
            long started = System.nanoTime();
            postgres = LocalProcesses.postgres()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false) // stopped with the context, after every bean that uses it
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // zonky's defaults (fsync off, asynchronous commit) suit throw-away test databases; data kept
                    // under ./data must survive a crash with every acknowledged commit (the engine relies on it)
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setPGStartupWait(Duration.ofSeconds(30))
                    // zonky's readiness check too signs in with the password once the server asks for one
                    .setConnectConfig("password", accounts.adminPassword())
                    .start();
            accounts.apply(jdbcUrl(port), dataDir);
            log.info(
                    "Embedded PostgreSQL ready on 127.0.0.1:{} with data in {} ({} ms)",
                    port,
                    dataDir,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new LocalComponentException("PostgreSQL", "could not start embedded PostgreSQL in " + dataDir, e);
        }
        env.getPropertySources()
                .addFirst(new MapPropertySource(
                        "embeddedPostgres",
                        Map.of(
                                "spring.datasource.url",
                                jdbcUrl(port),
                                "spring.datasource.username",
                                DatabaseAccounts.APP_ROLE,
                                "spring.datasource.password",
                                accounts.appPassword(),
                                // schema changes and the engine's own schema: the superuser
                                "spring.flyway.user",
                                DatabaseAccounts.ADMIN,
                                "spring.flyway.password",
                                accounts.adminPassword(),
                                "isaacus.engine.embedded.username",
                                DatabaseAccounts.ADMIN,
                                "isaacus.engine.embedded.password",
                                accounts.adminPassword())));
    }

    private static String jdbcUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /**
     * One app per data directory. The OS drops the lock when the JVM dies, even by kill -9, so a PostgreSQL
     * found running afterwards is known to be an orphan of a dead run and safe to stop.
     */
    static void lockDataDirectory(Path dir) throws IOException {
        var channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new LocalComponentException(
                    "PostgreSQL", "another Isaacus is running with the data directory " + dir, null);
        }
        dataDirLock = lock;
    }

    private static synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
            log.info("Embedded PostgreSQL stopped");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            postgres = null;
            if (throwAway != null) {
                try {
                    dataDirLock.release();
                    dataDirLock.channel().close();
                } catch (IOException ignored) {
                    // the directory goes anyway
                }
                // waits for the postmaster (zonky's shutdown hook may be stopping it at the same time)
                ThrowAwayDirectories.remove(throwAway);
                log.info("Removed the throw-away data directory {}", throwAway);
                throwAway = null;
            }
        }
    }

    /** Small helpers shared by the local launchers. */
    public static final class LocalProcesses {

        private LocalProcesses() {}

        /**
         * An embedded PostgreSQL builder whose binaries are unpacked once into the user's cache
         * ({@code ~/.cache/isaacus/embedded-pg}, or {@code isaacus.cache-dir}) rather than the temp folder, where
         * zonky would also make its working directory on every start.
         */
        public static EmbeddedPostgres.Builder postgres() {
            if (System.getProperty("ot.epg.working-dir") == null) {
                System.setProperty(
                        "ot.epg.working-dir",
                        cacheDirectory().resolve("embedded-pg").toString());
            }
            return EmbeddedPostgres.builder();
        }

        /**
         * A throw-away PostgreSQL (tests): its data directory beside the unpacked binaries, deleted when it stops;
         * one a killed run left behind is deleted (its postmaster stopped) by zonky at a later start.
         */
        public static EmbeddedPostgres.Builder throwAwayPostgres() {
            var builder = postgres();
            return builder.setDataDirectory(Path.of(System.getProperty("ot.epg.working-dir"))
                    .resolve(java.util.UUID.randomUUID().toString()));
        }

        static Path cacheDirectory() {
            String configured = System.getProperty("isaacus.cache-dir");
            if (configured != null) {
                return Path.of(configured);
            }
            String xdg = System.getenv("XDG_CACHE_HOME");
            return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                    .resolve("isaacus");
        }

        static void requireFreePort(String component, int port, String property) {
            try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                throw new LocalComponentException(
                        component,
                        "port " + port + " on 127.0.0.1 is already in use; stop what uses it or set " + property,
                        e);
            }
        }

        /** A previous run killed with -9 leaves its postmaster behind: stop it before reusing the data. */
        static void stopStalePostgres(Path dataDir) throws IOException {
            stopByPidFile(
                    dataDir.resolve("postmaster.pid"),
                    "PostgreSQL",
                    p -> p.info().command().orElse("").contains("postgres"));
        }

        /** Stops the process a pid file names, if it is still running and is ours; waits for it to end. */
        static void stopByPidFile(Path pidFile, String component, java.util.function.Predicate<ProcessHandle> ours)
                throws IOException {
            if (!Files.exists(pidFile)) {
                return;
            }
            String firstLine =
                    Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            if (!firstLine.matches("\\d+")) {
                return;
            }
            ProcessHandle.of(Long.parseLong(firstLine)).filter(ours).ifPresent(stale -> {
                log.warn("Stopping {} left running by an earlier run (pid {})", component, stale.pid());
                stale.destroy();
                try {
                    stale.onExit()
                            .orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
                            .join();
                } catch (java.util.concurrent.CompletionException e) {
                    stale.destroyForcibly();
                }
            });
        }
    }
}

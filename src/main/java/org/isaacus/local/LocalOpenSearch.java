package org.isaacus.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Starts a real OpenSearch (the integration-test distribution from Maven Central, with the analysis-common
 * module the build adds) as a child process the app owns: bound to 127.0.0.1, data under the data directory, heap
 * capped, stopped with the app. It does not run as root, so a root app starts it as the system user
 * {@code isaacus-search} (created if missing); it needs a JDK 11–21 (it fails on 25), found or configured.
 * Started in the background: the permit path never waits for search. Switched off by
 * {@code isaacus.search.local.enabled=false} (then {@code isaacus.search.uris} points at a cluster).
 */
@Component
@ConditionalOnProperty(name = "isaacus.search.local.enabled", havingValue = "true", matchIfMissing = true)
public class LocalOpenSearch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LocalOpenSearch.class);
    static final String USER = "isaacus-search";

    private final Path home;
    private final Path dir;
    private final int httpPort;
    private final int transportPort;
    private final String heap;
    private final String javaHome;
    private volatile Process process;
    private volatile boolean running;

    public LocalOpenSearch(Environment env) {
        this.home = Path.of(env.getProperty(
                        "isaacus.search.local.home",
                        System.getProperty("user.dir") + "/target/opensearch/opensearch-2.19.6"))
                .toAbsolutePath()
                .normalize();
        this.dir = Path.of(env.getProperty("isaacus.data-dir", "./data"))
                .toAbsolutePath()
                .normalize()
                .resolve("opensearch");
        this.httpPort = env.getProperty("isaacus.search.local.http-port", Integer.class, 19200);
        this.transportPort = env.getProperty("isaacus.search.local.transport-port", Integer.class, 19300);
        this.heap = env.getProperty("isaacus.search.local.heap", "256m");
        this.javaHome = env.getProperty("isaacus.search.local.java-home");
    }

    public int httpPort() {
        return httpPort;
    }

    @Override
    public void start() {
        if (!Files.isRegularFile(home.resolve("bin/opensearch"))) {
            throw new LocalComponentException(
                    "OpenSearch",
                    "no distribution at " + home + " (the build unpacks it; or set isaacus.search.local.home)",
                    null);
        }
        try {
            stopOrphan();
            EmbeddedPostgresLauncher.LocalProcesses.requireFreePort(
                    "OpenSearch", httpPort, "isaacus.search.local.http-port");
            EmbeddedPostgresLauncher.LocalProcesses.requireFreePort(
                    "OpenSearch", transportPort, "isaacus.search.local.transport-port");
            prepareDirectories();
            process = launch();
            running = true;
            log.info("OpenSearch starting on 127.0.0.1:{} with data in {}", httpPort, dir.resolve("data"));
        } catch (IOException e) {
            throw new LocalComponentException("OpenSearch", e.getMessage(), e);
        }
    }

    private Process launch() throws IOException {
        String java = javaHome != null
                ? javaHome
                : findJava()
                        .orElseThrow(() -> new LocalComponentException(
                                "OpenSearch",
                                "no JDK 11–21 under /usr/lib/jvm (OpenSearch 2.19 does not start on JDK 25); set isaacus.search.local.java-home",
                                null));
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("runuser", "-u", USER, "--"));
        }
        command.addAll(List.of(
                "env",
                "OPENSEARCH_JAVA_HOME=" + java,
                "OPENSEARCH_PATH_CONF=" + dir.resolve("config"),
                "OPENSEARCH_TMPDIR=" + dir.resolve("tmp"),
                home.resolve("bin/opensearch").toString(),
                "-p",
                dir.resolve("opensearch.pid").toString(),
                "-E",
                "discovery.type=single-node",
                "-E",
                "network.host=127.0.0.1",
                "-E",
                "http.port=" + httpPort,
                "-E",
                "transport.port=" + transportPort,
                "-E",
                "path.data=" + dir.resolve("data"),
                "-E",
                "path.logs=" + dir.resolve("logs"),
                "-E",
                "cluster.name=isaacus",
                "-E",
                "node.name=isaacus-1"));
        return new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("logs/console.log").toFile()))
                .start();
    }

    /** Config of our own (heap, no GC log in the distribution's folder), data, logs and temp under the data dir. */
    private void prepareDirectories() throws IOException {
        for (String sub : List.of("config", "data", "logs", "tmp")) {
            Files.createDirectories(dir.resolve(sub));
        }
        for (String file : List.of("log4j2.properties", "opensearch.yml", "opensearch.keystore")) {
            Path source = home.resolve("config").resolve(file);
            if (Files.exists(source)) {
                Files.copy(source, dir.resolve("config").resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.createDirectories(dir.resolve("config/jvm.options.d"));
        Files.writeString(
                dir.resolve("config/jvm.options"),
                String.join(
                        "\n",
                        "-Xms" + heap,
                        "-Xmx" + heap,
                        "11-:-XX:+UseG1GC",
                        "-Djava.io.tmpdir=${OPENSEARCH_TMPDIR}",
                        "-XX:HeapDumpPath=" + dir.resolve("logs"),
                        "-XX:ErrorFile=" + dir.resolve("logs/hs_err_pid%p.log"),
                        "18-:-Djava.security.manager=allow",
                        "20-:--add-modules=jdk.incubator.vector",
                        "-Djava.util.concurrent.ForkJoinPool.common.threadFactory="
                                + "org.opensearch.secure_sm.SecuredForkJoinWorkerThreadFactory",
                        ""));
        if (isRoot()) {
            run(
                    "sh",
                    "-c",
                    "id -u " + USER + " >/dev/null 2>&1 || useradd -r -M -d /nonexistent -s /usr/sbin/nologin " + USER);
            run("chown", "-R", USER + ":", dir.toString());
            // the data directory itself may be private (a test's temporary one): the search user must pass through
            run("chmod", "o+x", dir.getParent().toString());
            run("runuser", "-u", USER, "--", "test", "-r", home.resolve("lib").toString(), "-a", "-w", dir.toString());
        }
    }

    /** A node left running by a killed app: the pid file names it; only our own OpenSearch is stopped. */
    private void stopOrphan() throws IOException {
        Path pidFile = dir.resolve("opensearch.pid");
        EmbeddedPostgresLauncher.LocalProcesses.stopByPidFile(
                pidFile, "OpenSearch", p -> commandLine(p).contains(home.toString()));
        Files.deleteIfExists(pidFile);
    }

    static String commandLine(ProcessHandle process) {
        return process.info().commandLine().orElse("") + " "
                + process.info().arguments().map(a -> String.join(" ", a)).orElse("");
    }

    @Override
    public void stop() {
        Process started = process;
        if (started == null) {
            return;
        }
        running = false;
        // SIGTERM to the node itself (the launcher may be runuser/env): its pid file names it
        try {
            Path pidFile = dir.resolve("opensearch.pid");
            if (Files.exists(pidFile)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                        .ifPresent(ProcessHandle::destroy);
            }
        } catch (IOException | NumberFormatException ignored) {
            // fall back to the launcher's tree
        }
        started.descendants().forEach(ProcessHandle::destroy);
        started.destroy();
        try {
            if (!started.waitFor(30, TimeUnit.SECONDS)) {
                started.descendants().forEach(ProcessHandle::destroyForcibly);
                started.destroyForcibly();
            }
            started.descendants()
                    .forEach(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("OpenSearch did not stop cleanly: {}", e.getMessage());
        }
        process = null;
        log.info("OpenSearch stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Early: search should be starting while the rest of the app comes up, and stop after it. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    static Optional<String> findJava() {
        List<Path> candidates = new ArrayList<>();
        try (var jvms = Files.list(Path.of("/usr/lib/jvm"))) {
            jvms.filter(p -> Files.isExecutable(p.resolve("bin/java"))).sorted().forEach(candidates::add);
        } catch (IOException e) {
            return Optional.empty();
        }
        // the newest JDK from 17 to 21, else 11
        for (String version : List.of("21", "17", "11")) {
            for (Path jdk : candidates) {
                String name = jdk.getFileName().toString();
                if (name.matches(".*(-|^)" + version + "(\\D.*|$)") && !Files.isSymbolicLink(jdk)) {
                    return Optional.of(jdk.toString());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }
}

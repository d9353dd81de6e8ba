package org.isaacus.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Configuration;

/** Throw-away runs leave nothing in the temp folder: neither when they end nor after being killed. */
class ThrowAwayDirectoriesTest {

    @Test
    void aSweepRemovesWhatNoLivingRunHoldsAndNothingElse() throws Exception {
        String prefix = "isaacus-sweep-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Path killed = Files.createTempDirectory(prefix);
        Files.createFile(killed.resolve(EmbeddedPostgresLauncher.LOCK_FILE));
        Files.createDirectories(killed.resolve("postgres"));
        Path running = Files.createTempDirectory(prefix);
        Path starting = Files.createTempDirectory(prefix);
        Path neverStarted = Files.createTempDirectory(prefix);
        Files.setLastModifiedTime(neverStarted, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
        try (var channel = FileChannel.open(
                        running.resolve(EmbeddedPostgresLauncher.LOCK_FILE),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                var held = channel.lock()) {
            assertThat(ThrowAwayDirectories.sweep(prefix)).isEqualTo(2);
            assertThat(killed).doesNotExist();
            assertThat(neverStarted).doesNotExist();
            assertThat(running).exists();
            assertThat(starting).exists();
        } finally {
            ThrowAwayDirectories.remove(running);
            ThrowAwayDirectories.remove(starting);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NothingElse {}

    @Test
    void onlyADirectoryOfTheTempFolderIsThrownAway() throws Exception {
        Path inside = Files.createTempDirectory("isaacus-inside-");
        try {
            assertThat(ThrowAwayDirectories.inTempFolder(inside)).isTrue();
            assertThat(ThrowAwayDirectories.inTempFolder(Path.of(System.getProperty("user.home"))))
                    .isFalse();
            assertThat(ThrowAwayDirectories.inTempFolder(Path.of(System.getProperty("java.io.tmpdir"))))
                    .isFalse();
        } finally {
            Files.delete(inside);
        }
    }

    /** The app's own launcher in throw-away mode: its PostgreSQL and data directory go when the app stops. */
    @Test
    void aThrowAwayAppRemovesItsDataDirectoryAndStopsItsPostgresqlWhenItStops() throws Exception {
        Path dir = ThrowAwayDirectories.create("isaacus-throwaway-test");
        int port;
        try (var probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        ProcessHandle postmaster;
        try (var app = new SpringApplicationBuilder(NothingElse.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--isaacus.data-dir=" + dir,
                        "--isaacus.data-dir.throw-away=true",
                        "--isaacus.local.postgres.durable=false",
                        "--isaacus.local.postgres.port=" + port)) {
            assertThat(app.getEnvironment().getProperty("spring.datasource.url"))
                    .contains(":" + port + "/");
            Path pidFile = dir.resolve("postgres/postmaster.pid");
            assertThat(pidFile).exists();
            postmaster = ProcessHandle.of(Long.parseLong(
                            Files.readAllLines(pidFile).getFirst().trim()))
                    .orElseThrow();
        }
        assertThat(dir).doesNotExist();
        postmaster.onExit().get(30, TimeUnit.SECONDS);
        assertThat(postmaster.isAlive()).isFalse();
    }

    /** The jOOQ generator of the build, run as the build runs it, on a temp folder of its own: left empty. */
    @Test
    void theCodeGeneratorLeavesTheTempFolderAsItFoundIt() throws Exception {
        Path temp = Files.createTempDirectory(Path.of("target"), "codegen-temp-");
        Path output = Files.createTempDirectory(Path.of("target"), "codegen-out-");
        Path cache = EmbeddedPostgresLauncher.LocalProcesses.cacheDirectory().resolve("embedded-pg");
        Set<String> cachedBefore = listing(cache);
        try {
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.io.tmpdir=" + temp.toAbsolutePath(),
                    "-classpath",
                    classpath,
                    "src/build/JooqCodegen.java",
                    "src/main/resources/db/migration",
                    output.toString(),
                    "org.isaacus.codegencheck"));
            var process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.resolve("generator.log").toFile())
                    .start();
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue())
                    .as(Files.readString(output.resolve("generator.log")))
                    .isZero();
            assertThat(output.resolve("org/isaacus/codegencheck/tables/SearchChange.java"))
                    .exists();
            assertThat(listing(temp)).as("left in the temp folder").isEmpty();
            // beside the binaries, no database of its own is left in the cache either
            Set<String> cachedAfter = listing(cache);
            cachedAfter.removeAll(cachedBefore);
            assertThat(cachedAfter).allMatch(name -> name.startsWith("PG-"));
        } finally {
            org.springframework.util.FileSystemUtils.deleteRecursively(temp);
            org.springframework.util.FileSystemUtils.deleteRecursively(output);
        }
    }

    private static Set<String> listing(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return new java.util.HashSet<>();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(java.util.HashSet::new));
        }
    }
}

package org.isaacus.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * Data directories of throw-away runs (tests, benchmarks): made in the system temp folder under a name prefix,
 * removed when their run ends ({@code isaacus.data-dir.throw-away}), and — for a run killed before it could clean
 * up — removed by the next run that makes one with the same prefix: a directory whose lock no living process holds
 * (the OS drops a dead process's lock), after the PostgreSQL and OpenSearch it left running are stopped.
 */
public final class ThrowAwayDirectories {

    private static final Logger log = LoggerFactory.getLogger(ThrowAwayDirectories.class);
    /** A directory without a lock younger than this may belong to a run that is just starting. */
    private static final Duration GRACE = Duration.ofMinutes(10);

    private ThrowAwayDirectories() {}

    /** A fresh directory, after removing what killed runs left under the same prefix. */
    public static Path create(String prefix) {
        sweep(prefix);
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the abandoned directories with this prefix in the temp folder; returns how many. */
    public static int sweep(String prefix) {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        int removed = 0;
        try (var dirs = Files.newDirectoryStream(temp, prefix + "*")) {
            for (Path dir : dirs) {
                if (Files.isDirectory(dir) && abandoned(dir)) {
                    remove(dir);
                    removed++;
                }
            }
        } catch (IOException e) {
            log.warn("Could not look for abandoned {} directories in {}: {}", prefix, temp, e.getMessage());
        }
        return removed;
    }

    /** Stops what a run left running in the directory, then deletes it. */
    public static void remove(Path dir) {
        try {
            EmbeddedPostgresLauncher.LocalProcesses.stopStalePostgres(dir.resolve("postgres"));
            EmbeddedPostgresLauncher.LocalProcesses.stopByPidFile(
                    dir.resolve("opensearch/opensearch.pid"),
                    "OpenSearch",
                    p -> LocalOpenSearch.commandLine(p).contains("opensearch"));
            FileSystemUtils.deleteRecursively(dir);
        } catch (IOException e) {
            log.warn("Could not remove {}: {}", dir, e.getMessage());
        }
    }

    /** Strictly inside the system temp folder. */
    static boolean inTempFolder(Path dir) {
        try {
            Path temp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
            Path real = dir.toRealPath();
            return real.startsWith(temp) && !real.equals(temp);
        } catch (IOException e) {
            return false;
        }
    }

    static boolean abandoned(Path dir) throws IOException {
        Path lock = dir.resolve(EmbeddedPostgresLauncher.LOCK_FILE);
        if (!Files.exists(lock)) {
            return Files.getLastModifiedTime(dir)
                    .toInstant()
                    .isBefore(Instant.now().minus(GRACE));
        }
        try (var channel = FileChannel.open(lock, StandardOpenOption.WRITE);
                var held = channel.tryLock()) {
            return held != null;
        } catch (OverlappingFileLockException ourOwn) {
            return false;
        }
    }
}

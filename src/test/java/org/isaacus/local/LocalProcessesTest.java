package org.isaacus.local;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class LocalProcessesTest {

    @Test
    void aTakenPortIsReportedWithTheComponentThePortAndTheSetting() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedPostgresLauncher.LocalProcesses.requireFreePort(
                            "PostgreSQL", port, "isaacus.local.postgres.port"))
                    .isInstanceOf(LocalComponentException.class)
                    .hasMessage("PostgreSQL did not start: port " + port
                            + " on 127.0.0.1 is already in use; stop what uses it or set isaacus.local.postgres.port");
        }
    }

    @Test
    void aSecondAppOnTheSameDataDirectoryIsRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        EmbeddedPostgresLauncher.lockDataDirectory(dir);
        assertThatThrownBy(() -> EmbeddedPostgresLauncher.lockDataDirectory(dir))
                .isInstanceOf(LocalComponentException.class)
                .hasMessageContaining("another Isaacus is running with the data directory " + dir);
    }

    @Test
    void aFreePortPasses() throws Exception {
        int port;
        try (var probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        assertThatNoException()
                .isThrownBy(() -> EmbeddedPostgresLauncher.LocalProcesses.requireFreePort("PostgreSQL", port, "p"));
    }
}

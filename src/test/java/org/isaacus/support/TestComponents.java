package org.isaacus.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import org.isaacus.engine.TestEngine;

/**
 * Starts, once per test JVM, what the app needs around it: the in-memory Zeebe engine (reached over gRPC like
 * a broker) and, through the app's own launcher, an embedded PostgreSQL on a free port with data in a
 * temporary directory. Set as system properties because the PostgreSQL launcher reads them before any
 * Spring test hook runs.
 */
public final class TestComponents {

    private static TestEngine engine;
    private static GreenMail mail;

    private TestComponents() {}

    public static synchronized TestEngine start() {
        if (engine == null) {
            engine = TestEngine.start();
            try {
                System.setProperty(
                        "isaacus.data-dir",
                        Files.createTempDirectory("isaacus-it").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty("isaacus.local.postgres.port", Integer.toString(freePort()));
            System.setProperty("camunda.client.grpc-address", engine.grpcAddress());
            System.setProperty("isaacus.tasks.reconcile-interval", "PT2S");
            // small synthetic registers: seconds to generate, enough persons for every suppression rule
            System.setProperty("isaacus.registers.synthetic.persons", "3000");
            System.setProperty("isaacus.outbox.retry-interval", "PT2S");
            // PostgreSQL's own log (e.g. the audit trigger refusing an edit on purpose) is not test output
            System.setProperty("logging.level.io.zonky.test.db.postgres.embedded.EmbeddedPostgres", "WARN");
            // a real SMTP server for notification delivery
            mail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
            System.setProperty("spring.mail.host", "127.0.0.1");
            System.setProperty(
                    "spring.mail.port", Integer.toString(mail.getSmtp().getPort()));
            System.setProperty("isaacus.notification.delivery-interval", "PT1S");
            System.setProperty("isaacus.notification.addresses[register-holder:thl]", "data-permits@thl.example");
            System.setProperty("isaacus.notification.addresses[ethics-committee:hus]", "ethics@hus.example");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                mail.stop();
                engine.close();
            }));
        }
        return engine;
    }

    public static GreenMail mail() {
        start();
        return mail;
    }

    /**
     * For a benchmark program: the app on a throw-away data directory and free ports, minimal synthetic
     * registers, and an engine address where nothing answers (a benchmark needs no process engine).
     */
    public static void throwAwayApp(String name) {
        try {
            System.setProperty(
                    "isaacus.data-dir", Files.createTempDirectory(name).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty("isaacus.local.postgres.port", Integer.toString(freePort()));
        System.setProperty("server.port", "0");
        System.setProperty("isaacus.registers.synthetic.persons", "1");
        System.setProperty("camunda.client.grpc-address", "http://127.0.0.1:" + freePort());
    }

    public static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

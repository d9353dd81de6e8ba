package org.isaacus.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.isaacus.local.ThrowAwayDirectories;

/**
 * Prepares, once per test JVM, what the app needs around it: through the app's own launchers an embedded
 * PostgreSQL and the Isaacus engine on free ports with data in a temporary directory (the engine's clock movable
 * by the tests), and a real SMTP server. Set as system properties because the PostgreSQL launcher reads them
 * before any Spring test hook runs.
 */
public final class TestComponents {

    private static boolean started;
    private static GreenMail mail;

    private TestComponents() {}

    public static synchronized void start() {
        if (!started) {
            started = true;
            // removed when the app stops; one left by a killed run is removed now
            System.setProperty(
                    "isaacus.data-dir",
                    ThrowAwayDirectories.create("isaacus-it").toString());
            System.setProperty("isaacus.data-dir.throw-away", "true");
            // three distinct ports: asked for one by one, the system may hand out the same free port twice
            int[] ports = freePorts(5);
            System.setProperty("isaacus.local.postgres.port", Integer.toString(ports[0]));
            // a throw-away database: no fsync (the crash test runs the packaged app with the durable default)
            System.setProperty("isaacus.local.postgres.durable", "false");
            int enginePort = ports[1];
            System.setProperty("isaacus.engine.embedded.port", Integer.toString(enginePort));
            System.setProperty("camunda.client.grpc-address", "http://127.0.0.1:" + enginePort);
            System.setProperty("isaacus.engine.clock-control", "true");
            // the app's own local OpenSearch, on free ports, data in the temporary directory
            System.setProperty("isaacus.search.local.http-port", Integer.toString(ports[3]));
            System.setProperty("isaacus.search.local.transport-port", Integer.toString(ports[4]));
            System.setProperty("isaacus.engine.embedded.scheduler-interval", "PT0.2S");
            System.setProperty("isaacus.tasks.reconcile-interval", "PT2S");
            System.setProperty("isaacus.search.reconcile-interval", "PT2S");
            // small synthetic registers: seconds to generate, enough persons for every suppression rule
            System.setProperty("isaacus.registers.synthetic.persons", "3000");
            System.setProperty("isaacus.outbox.retry-interval", "PT2S");
            // PostgreSQL's own log (e.g. the audit trigger refusing an edit on purpose) is not test output
            System.setProperty("logging.level.io.zonky.test.db.postgres.embedded.EmbeddedPostgres", "WARN");
            // a real SMTP server for notification delivery
            mail = new GreenMail(new ServerSetup(ports[2], "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
            System.setProperty("spring.mail.host", "127.0.0.1");
            System.setProperty(
                    "spring.mail.port", Integer.toString(mail.getSmtp().getPort()));
            System.setProperty("isaacus.notification.delivery-interval", "PT1S");
            System.setProperty("isaacus.notification.addresses[register-holder:thl]", "data-permits@thl.example");
            System.setProperty("isaacus.notification.addresses[ethics-committee:hus]", "ethics@hus.example");
            Runtime.getRuntime().addShutdownHook(new Thread(mail::stop));
        }
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
        System.setProperty("isaacus.data-dir", ThrowAwayDirectories.create(name).toString());
        System.setProperty("isaacus.data-dir.throw-away", "true");
        System.setProperty("isaacus.local.postgres.port", Integer.toString(freePort()));
        System.setProperty("server.port", "0");
        System.setProperty("isaacus.registers.synthetic.persons", "1");
        System.setProperty("isaacus.engine.embedded.enabled", "false");
        System.setProperty("isaacus.search.local.enabled", "false");
        System.setProperty("camunda.client.grpc-address", "http://127.0.0.1:" + freePort());
    }

    public static int[] freePorts(int count) {
        var sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    if (socket != null) {
                        socket.close();
                    }
                } catch (IOException ignored) {
                    // only asked for its number
                }
            }
        }
    }

    public static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

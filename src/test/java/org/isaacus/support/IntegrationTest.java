package org.isaacus.support;

import io.camunda.client.CamundaClient;
import org.isaacus.processengine.internal.EngineServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the *IT tests: the whole app on a random port, with its real PostgreSQL and its own Isaacus engine,
 * which it reaches over gRPC as it would a Camunda 8 cluster.
 */
@org.springframework.test.context.ActiveProfiles("local")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
public abstract class IntegrationTest {

    static {
        TestComponents.start();
    }

    /** The app's engine: tests move its clock. */
    @Autowired
    protected EngineServer engine;

    /** The app's own client of the engine. */
    @Autowired
    protected CamundaClient camunda;

    @LocalServerPort
    protected int port;

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }
}

package org.isaacus.support;

import org.isaacus.engine.TestEngine;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Base of the *IT tests: the whole app on a random port, with real PostgreSQL and a Zeebe engine over gRPC. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
public abstract class IntegrationTest {

    protected static final TestEngine ENGINE = TestComponents.start();

    @LocalServerPort
    protected int port;

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }
}

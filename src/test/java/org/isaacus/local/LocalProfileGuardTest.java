package org.isaacus.local;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.isaacus.IsaacusApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.mock.env.MockEnvironment;

/** The local profile stays on loopback; any other address needs the production settings, named when missing. */
class LocalProfileGuardTest {

    @Test
    void theLocalProfileRefusesAnAddressOtherThanLoopback() {
        var env = new MockEnvironment().withProperty("server.address", "0.0.0.0");
        env.setActiveProfiles("local");
        assertThatThrownBy(() -> LocalProfileGuard.refuseUnsafe(env))
                .hasMessageContaining("serves on a loopback address only")
                .hasMessageContaining("0.0.0.0");
        var loopback = new MockEnvironment().withProperty("server.address", "127.0.0.1");
        loopback.setActiveProfiles("local");
        assertThatCode(() -> LocalProfileGuard.refuseUnsafe(loopback)).doesNotThrowAnyException();
    }

    @Test
    void anotherAddressWithoutTheLocalProfileNamesEveryMissingSetting() {
        var env = new MockEnvironment(); // no server.address: every interface
        assertThatThrownBy(() -> LocalProfileGuard.refuseUnsafe(env))
                .hasMessageContaining("spring.security.oauth2.resourceserver.jwt.issuer-uri")
                .hasMessageContaining("spring.security.oauth2.resourceserver.jwt.audiences")
                .hasMessageContaining("isaacus.compilation.master-key")
                .hasMessageContaining("isaacus.audit.key-file");
        env.withProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", "https://login.example/realms/x")
                .withProperty("spring.security.oauth2.resourceserver.jwt.audiences", "isaacus-web")
                .withProperty("isaacus.compilation.master-key", "AAAA");
        assertThatThrownBy(() -> LocalProfileGuard.refuseUnsafe(env))
                .hasMessageContaining("isaacus.audit.key-file")
                .hasMessageNotContaining("master-key");
        env.withProperty("isaacus.audit.key-file", "/run/secrets/audit-chain.key");
        assertThatCode(() -> LocalProfileGuard.refuseUnsafe(env)).doesNotThrowAnyException();
    }

    @Test
    void theAppRefusesToStartBeforeAnythingRuns() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(IsaacusApplication.class)
                        .profiles("local")
                        .run("--server.address=0.0.0.0", "--isaacus.data-dir=/nonexistent/never-created"))
                .hasMessageContaining("serves on a loopback address only");
        assertThatThrownBy(() -> new SpringApplicationBuilder(IsaacusApplication.class)
                        .run("--server.address=0.0.0.0", "--isaacus.data-dir=/nonexistent/never-created"))
                .hasMessageContaining("without the local profile until these are set");
        org.assertj.core.api.Assertions.assertThat(java.nio.file.Path.of("/nonexistent/never-created"))
                .doesNotExist();
    }
}

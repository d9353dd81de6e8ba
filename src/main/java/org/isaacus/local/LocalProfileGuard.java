package org.isaacus.local;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * Demo users, the local issuer's fixed client secret, the local secure environment, the synthetic registers and a
 * generated master key exist only in the {@value #PROFILE} profile, which the run command uses. This refuses, before
 * anything starts, the local profile on an address other than loopback, and an app on such an address without
 * the local profile that lacks a setting production needs; the message names the settings.
 *
 * <p>Registered in META-INF/spring.factories: it runs once the configuration is read, before PostgreSQL starts.
 */
public class LocalProfileGuard implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    public static final String PROFILE = "local";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        refuseUnsafe(event.getEnvironment());
    }

    /** After Spring Boot has read the configuration files, before the embedded PostgreSQL launcher. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 1;
    }

    static void refuseUnsafe(ConfigurableEnvironment env) {
        // no server.address means every interface
        String address = env.getProperty("server.address", "0.0.0.0");
        if (loopback(address)) {
            return;
        }
        if (env.acceptsProfiles(Profiles.of(PROFILE))) {
            throw new IllegalStateException("Isaacus will not start: the local profile (demo users, the local issuer's"
                    + " fixed secret, the local secure environment, synthetic registers, a generated master key)"
                    + " serves on a loopback address only, and server.address is " + address
                    + ". Set server.address=127.0.0.1, or run without the local profile with production settings.");
        }
        List<String> missing = new ArrayList<>();
        if (blank(env, "spring.security.oauth2.resourceserver.jwt.issuer-uri")) {
            missing.add("spring.security.oauth2.resourceserver.jwt.issuer-uri (the identity provider that signs access"
                    + " tokens)");
        }
        if (blank(env, "spring.security.oauth2.resourceserver.jwt.audiences")) {
            missing.add("spring.security.oauth2.resourceserver.jwt.audiences (this app's client id: tokens for other"
                    + " clients are refused)");
        }
        if (blank(env, "isaacus.compilation.master-key")) {
            missing.add("isaacus.compilation.master-key (32 bytes, base64: seals the permits' pseudonymisation keys)");
        }
        if (blank(env, "isaacus.audit.key-file")) {
            missing.add("isaacus.audit.key-file (the audit chain's HMAC key, kept outside the database)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Isaacus will not start on " + address
                    + " without the local profile until these are set: " + String.join("; ", missing));
        }
    }

    private static boolean blank(ConfigurableEnvironment env, String key) {
        String value = env.getProperty(key);
        return value == null || value.isBlank();
    }

    private static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

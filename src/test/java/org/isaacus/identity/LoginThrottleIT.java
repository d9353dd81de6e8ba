package org.isaacus.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;
import org.isaacus.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * The issuer's sign-in form through real HTTP: after five wrong passwords an account is turned away — even with
 * the right password — without the password being checked, and another account from the same address still
 * signs in.
 */
class LoginThrottleIT extends IntegrationTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @Test
    void anAccountIsTurnedAwayAfterFiveFailedSignIns() throws Exception {
        // an account name of its own: other tests sign in as the demo users
        String account = "mallory-" + UUID.randomUUID();
        var browser = browser();
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(browser, account, "guess" + i)).endsWith("/login?error");
        }
        assertThat(signIn(browser, account, "guess5")).as("the sixth try").endsWith("/login?throttled");
        var page = browser.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/login?throttled"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("Too many failed sign-ins");
        // the address is not blocked by one account's failures: a demo user still signs in
        assertThat(signIn(browser(), "aino", "demo")).doesNotContain("/login");
    }

    @Test
    void theThrottleCountsPerAccountAndPerAddressWithinItsWindow() {
        var clock = new MutableClock();
        var throttle = new LoginThrottle(3, 5, java.time.Duration.ofMinutes(15), clock);
        throttle.failed("eve", "10.0.0.1");
        throttle.failed("EVE ", "10.0.0.2");
        assertThat(throttle.blocked("eve", "10.0.0.3")).isFalse();
        throttle.failed("eve", "10.0.0.2");
        assertThat(throttle.blocked("eve", "10.0.0.9"))
                .as("three failures of one account")
                .isTrue();
        assertThat(throttle.blocked("frank", "10.0.0.9")).isFalse();
        throttle.failed("frank", "10.0.0.2");
        throttle.failed("grace", "10.0.0.2");
        assertThat(throttle.blocked("heidi", "10.0.0.2"))
                .as("four from one address")
                .isFalse();
        throttle.failed("judy", "10.0.0.2");
        assertThat(throttle.blocked("heidi", "10.0.0.2"))
                .as("five failures from one address")
                .isTrue();
        clock.advance(java.time.Duration.ofMinutes(16));
        assertThat(throttle.blocked("eve", "10.0.0.2"))
                .as("the window has passed")
                .isFalse();
        throttle.failed("ivan", "10.0.0.4");
        throttle.failed("ivan", "10.0.0.4");
        throttle.succeeded("ivan");
        throttle.failed("ivan", "10.0.0.4");
        assertThat(throttle.blocked("ivan", "10.0.0.5"))
                .as("a success starts the account's count again")
                .isFalse();
    }

    private HttpClient browser() {
        return HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Posts the sign-in form with its CSRF token; returns where the issuer sends the browser next. */
    private String signIn(HttpClient browser, String username, String password) throws Exception {
        var form = browser.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/login")).build(), HttpResponse.BodyHandlers.ofString());
        var token = CSRF.matcher(form.body());
        assertThat(token.find()).as(form.body()).isTrue();
        String body = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
        var posted = browser.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(302);
        return posted.headers().firstValue("Location").orElse("");
    }

    static final class MutableClock extends java.time.Clock {
        private java.time.Instant now = java.time.Instant.parse("2026-12-04T12:00:00Z");

        void advance(java.time.Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }
}

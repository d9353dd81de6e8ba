package org.isaacus.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.isaacus.support.Api;
import org.isaacus.support.IntegrationTest;
import org.isaacus.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The API takes only access tokens of this app's issuer, for this app, in date and signed with the issuer's key;
 * every other token is 401. Each case changes one thing of a token that is otherwise accepted.
 */
class TokenValidationIT extends IntegrationTest {

    @Autowired
    JWKSource<SecurityContext> keys;

    private int status(String token) {
        return new Api(baseUrl()).get(token, "/api/applications").status();
    }

    @Test
    void aGoodAccessTokenIsAccepted() {
        var tokens = new Tokens(keys);
        assertThat(status(tokens.sign(Tokens.claims("aino", Role.APPLICANT), Tokens.ACCESS_TOKEN)))
                .isEqualTo(200);
    }

    @Test
    void expiredWrongIssuerWrongAudienceAndIdTokensAre401() {
        var tokens = new Tokens(keys);
        var expired = Tokens.claims("aino", Role.APPLICANT)
                .issuedAt(Instant.now().minusSeconds(3600))
                .expiresAt(Instant.now().minusSeconds(1800));
        assertThat(status(tokens.sign(expired, Tokens.ACCESS_TOKEN)))
                .as("expired")
                .isEqualTo(401);
        var otherIssuer = Tokens.claims("aino", Role.APPLICANT).issuer("https://issuer.example");
        assertThat(status(tokens.sign(otherIssuer, Tokens.ACCESS_TOKEN)))
                .as("issuer")
                .isEqualTo(401);
        var otherClient = Tokens.claims("aino", Role.APPLICANT).audience(List.of("another-client"));
        assertThat(status(tokens.sign(otherClient, Tokens.ACCESS_TOKEN)))
                .as("audience")
                .isEqualTo(401);
        var noAudience = Tokens.claims("aino", Role.APPLICANT).audience(List.of());
        assertThat(status(tokens.sign(noAudience, Tokens.ACCESS_TOKEN)))
                .as("no audience")
                .isEqualTo(401);
        // an ID token has the same issuer, audience and key, but is typed JWT
        var idToken = Tokens.claims("aino", Role.APPLICANT).claim("nonce", "n-0S6_WzA2Mj");
        assertThat(status(tokens.sign(idToken, "JWT"))).as("ID token").isEqualTo(401);
    }

    @Test
    void anotherKeyAndAnUnsignedTokenAre401() throws Exception {
        var otherKey = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048)
                .keyID("other")
                .generate();
        var forged = new Tokens(
                new com.nimbusds.jose.jwk.source.ImmutableJWKSet<>(new com.nimbusds.jose.jwk.JWKSet(otherKey)));
        assertThat(status(forged.sign(Tokens.claims("aino", Role.ADMIN), Tokens.ACCESS_TOKEN)))
                .as("another key")
                .isEqualTo(401);
        String header = base64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}");
        String payload = base64("{\"iss\":\"http://127.0.0.1\",\"aud\":[\"isaacus-web\"],\"sub\":\"aino\",\"exp\":"
                + Instant.now().plusSeconds(600).getEpochSecond() + ",\"roles\":[\"admin\"]}");
        assertThat(status(header + "." + payload + ".")).as("alg none").isEqualTo(401);
        assertThat(status("not-a-token")).as("garbage").isEqualTo(401);
    }

    /** Every page carries the security headers; the pages' inline scripts carry this response's nonce. */
    @Test
    void pagesCarryAContentSecurityPolicyWithANonceOfTheirOwn() {
        var api = new Api(baseUrl());
        var first = api.get(null, "/permits");
        var second = api.get(null, "/permits");
        String policy = first.header("Content-Security-Policy");
        assertThat(policy).contains("frame-ancestors 'none'", "object-src 'none'", "script-src 'self' 'nonce-");
        String nonce = policy.replaceAll(".*'nonce-([^']+)'.*", "$1");
        assertThat(first.text()).contains("nonce=\"" + nonce + "\"");
        assertThat(second.header("Content-Security-Policy")).doesNotContain(nonce);
        assertThat(first.header("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
        assertThat(first.header("Permissions-Policy")).contains("camera=()");
        assertThat(first.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(api.get(null, "/api/public/permits").header("Content-Security-Policy"))
                .isNotNull();
    }

    /** Health details (database, search, engine) are for admins; everyone else sees the status. */
    @Test
    void healthDetailsAreForAdminsOnly() {
        var health = new Api(baseUrl()).get(null, "/actuator/health");
        assertThat(health.json().path("status").asText()).isNotEmpty();
        assertThat(health.json().has("components")).isFalse();
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}

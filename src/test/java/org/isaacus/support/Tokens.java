package org.isaacus.support;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Instant;
import java.util.List;
import org.isaacus.identity.Role;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Bearer tokens signed with the embedded issuer's real key, as the authorization server would issue them. */
public class Tokens {

    private final NimbusJwtEncoder encoder;

    public Tokens(JWKSource<SecurityContext> keys) {
        this.encoder = new NimbusJwtEncoder(keys);
    }

    public String of(String subject, Role... roles) {
        return member(subject, null, roles);
    }

    /** A user whose token also carries an e-mail address the issuer has verified (how permits name persons). */
    public String withEmail(String subject, String email, Role... roles) {
        return token(subject, null, email, true, roles);
    }

    /** An e-mail address the issuer has not verified: it identifies nobody. */
    public String withUnverifiedEmail(String subject, String email, Role... roles) {
        return token(subject, null, email, false, roles);
    }

    /** A member of an organisation group, e.g. {@code register-holder:thl}. */
    public String member(String subject, String group, Role... roles) {
        return token(subject, group, null, false, roles);
    }

    private String token(String subject, String group, String email, boolean verified, Role... roles) {
        var claims = claims(subject, roles);
        claims.claim("groups", group == null ? List.of() : List.of(group));
        if (email != null) {
            claims.claim("email", email);
            claims.claim("email_verified", verified);
        }
        return sign(claims, ACCESS_TOKEN);
    }

    public static final String ACCESS_TOKEN = "at+jwt";

    /** The claims of a good access token, for a test to spoil one of them. */
    public static JwtClaimsSet.Builder claims(String subject, Role... roles) {
        return JwtClaimsSet.builder()
                .issuer("http://127.0.0.1")
                .audience(List.of("isaacus-web"))
                .subject(subject)
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(600))
                .claim(
                        "roles",
                        java.util.Arrays.stream(roles).map(Role::claimValue).toList())
                .claim("scope", List.of("openid"));
    }

    /** Signed with the issuer's key, with the JOSE type given ({@code at+jwt} for access tokens). */
    public String sign(JwtClaimsSet.Builder claims, String type) {
        var header = org.springframework.security.oauth2.jwt.JwsHeader.with(
                        org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.RS256)
                .type(type)
                .build();
        return encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
    }
}

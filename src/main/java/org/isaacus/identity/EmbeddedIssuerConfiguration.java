package org.isaacus.identity;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The local default OIDC issuer: Spring Authorization Server inside the app, with one demo user per role.
 * Switched off by {@code isaacus.identity.embedded-issuer.enabled=false}; then the standard
 * {@code spring.security.oauth2.*} properties point at an external issuer such as Keycloak.
 */
@Configuration
@ConditionalOnProperty(name = "isaacus.identity.embedded-issuer.enabled", havingValue = "true", matchIfMissing = true)
// demo users and a fixed client secret: only in the local profile (LocalProfileGuard keeps it off other addresses)
@org.springframework.context.annotation.Profile(org.isaacus.local.LocalProfileGuard.PROFILE)
class EmbeddedIssuerConfiguration {

    static final String CLIENT_ID = "isaacus-web";

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerSecurity(HttpSecurity http) throws Exception {
        var authorizationServer = OAuth2AuthorizationServerConfigurer.authorizationServer();
        http.securityMatcher(authorizationServer.getEndpointsMatcher())
                .with(authorizationServer, as -> as.oidc(Customizer.withDefaults()))
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    /** The issuer's own sign-in form (GET renders the page, POST checks the password). */
    @Bean
    @Order(2)
    SecurityFilterChain issuerLoginSecurity(HttpSecurity http, LoginThrottle throttle) throws Exception {
        http.securityMatcher("/login")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .addFilterBefore(
                        throttle,
                        org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter.class)
                .formLogin(form -> form.loginPage("/login"));
        return http.build();
    }

    @Bean
    LoginThrottle loginThrottle(
            @Value("${isaacus.identity.login.max-failures-per-account:5}") int maxPerAccount,
            @Value("${isaacus.identity.login.max-failures-per-address:30}") int maxPerAddress,
            @Value("${isaacus.identity.login.window:PT15M}") java.time.Duration window,
            java.time.Clock clock) {
        return new LoginThrottle(maxPerAccount, maxPerAddress, window, clock);
    }

    /** Keeps the throttle a filter of the sign-in chain only, not of every request. */
    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<LoginThrottle> loginThrottleOutsideTheServletChain(
            LoginThrottle throttle) {
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(throttle);
        registration.setEnabled(false);
        return registration;
    }

    @Bean
    UserDetailsService demoUsers(@Value("${isaacus.identity.demo-password:demo}") String password) {
        var encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        var manager = new InMemoryUserDetailsManager();
        DemoUser.all()
                .forEach(u -> manager.createUser(User.withUsername(u.username())
                        .password(encoder.encode(password))
                        .authorities(
                                u.group() == null
                                        ? new String[] {u.role().authority()}
                                        : new String[] {u.role().authority(), RoleClaims.GROUP_PREFIX + u.group()})
                        .build()));
        return manager;
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKeyStore keys) {
        RSAKey key = keys.loadOrCreate();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    /** The media type of access tokens (RFC 9068): an ID token, typed {@code JWT}, is not one. */
    static final String ACCESS_TOKEN_TYPE = "at+jwt";

    /**
     * Bearer tokens for the API: signed RS256 by this issuer's key, typed as access tokens, issued by this app's own
     * issuer (always on loopback: the embedded issuer is the local default), for this app's client as audience, and
     * in date. Anything else is 401: an ID token, a token for another client, a token of another issuer, an unsigned
     * one ({@code alg: none}) or one signed with another key.
     */
    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
        var processor = new com.nimbusds.jwt.proc.DefaultJWTProcessor<SecurityContext>();
        processor.setJWSKeySelector(new com.nimbusds.jose.proc.JWSVerificationKeySelector<>(
                com.nimbusds.jose.JWSAlgorithm.RS256, jwkSource));
        processor.setJWSTypeVerifier(new com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier<>(
                new com.nimbusds.jose.JOSEObjectType(ACCESS_TOKEN_TYPE)));
        processor.setJWTClaimsSetVerifier((claims, context) -> {}); // the validators below check the claims
        var decoder = new org.springframework.security.oauth2.jwt.NimbusJwtDecoder(processor);
        decoder.setJwtValidator(new org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator<>(
                org.springframework.security.oauth2.jwt.JwtValidators.createDefault(),
                jwt -> loopback(jwt.getClaimAsString("iss"))
                        ? org.springframework.security.oauth2.core.OAuth2TokenValidatorResult.success()
                        : invalid("the token was not issued by this app's issuer"),
                jwt -> jwt.getAudience() != null && jwt.getAudience().contains(CLIENT_ID)
                        ? org.springframework.security.oauth2.core.OAuth2TokenValidatorResult.success()
                        : invalid("the token is not for this app")));
        return decoder;
    }

    private static org.springframework.security.oauth2.core.OAuth2TokenValidatorResult invalid(String why) {
        return org.springframework.security.oauth2.core.OAuth2TokenValidatorResult.failure(
                new org.springframework.security.oauth2.core.OAuth2Error("invalid_token", why, null));
    }

    static boolean loopback(String issuer) {
        if (issuer == null) {
            return false;
        }
        try {
            var uri = java.net.URI.create(issuer);
            return "http".equals(uri.getScheme())
                    && uri.getHost() != null
                    && (uri.getHost().equals("127.0.0.1") || uri.getHost().equals("localhost"))
                    && (uri.getPath() == null
                            || uri.getPath().isEmpty()
                            || uri.getPath().equals("/"))
                    && uri.getUserInfo() == null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> rolesInTokens() {
        return context -> {
            if (org.springframework.security.oauth2.server.authorization.OAuth2TokenType.ACCESS_TOKEN.equals(
                    context.getTokenType())) {
                context.getJwsHeader().type(ACCESS_TOKEN_TYPE);
            }
            context.getClaims()
                    .claim(
                            RoleClaims.CLAIM,
                            RoleClaims.claimValues(context.getPrincipal().getAuthorities()))
                    .claim(
                            RoleClaims.GROUPS_CLAIM,
                            RoleClaims.groupValues(context.getPrincipal().getAuthorities()));
            DemoUser.named(context.getPrincipal().getName())
                    // the demo users' addresses are the authority's own configuration: verified
                    .ifPresent(u -> context.getClaims()
                            .claim(CurrentUser.EMAIL_CLAIM, u.email())
                            .claim(CurrentUser.EMAIL_VERIFIED_CLAIM, true));
        };
    }

    @Bean
    RegisteredClientRepository registeredClients(
            @Value("${isaacus.identity.embedded-issuer.client-secret:isaacus-local-secret}") String secret,
            @Value("${isaacus.public-url:http://localhost:8080}") String publicUrl) {
        var encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        var web = RegisteredClient.withId(
                        UUID.nameUUIDFromBytes(CLIENT_ID.getBytes()).toString())
                .clientId(CLIENT_ID)
                .clientSecret(encoder.encode(secret))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUri(publicUrl + "/login/oauth2/code/" + SecurityConfiguration.REGISTRATION_ID)
                // a loopback IP redirect matches on any port (RFC 8252), which the tests rely on
                .redirectUri("http://127.0.0.1/login/oauth2/code/" + SecurityConfiguration.REGISTRATION_ID)
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .clientSettings(ClientSettings.builder()
                        .requireProofKey(true)
                        .requireAuthorizationConsent(false)
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenTimeToLive(Duration.ofMinutes(30))
                        .build())
                .build();
        return new InMemoryRegisteredClientRepository(web);
    }

    /**
     * The app's own client registration for its embedded issuer. Built on first use because the back-channel
     * endpoints need the port the server actually listens on; the browser-facing authorize URI stays relative
     * so the user stays on the host they typed.
     */
    @Bean
    LocalClientRegistrations clientRegistrations(
            @Value("${isaacus.identity.embedded-issuer.client-secret:isaacus-local-secret}") String secret) {
        return new LocalClientRegistrations(secret);
    }

    static final class LocalClientRegistrations
            implements ClientRegistrationRepository, ApplicationListener<WebServerInitializedEvent> {

        private final String secret;
        private volatile ClientRegistration registration;

        LocalClientRegistrations(String secret) {
            this.secret = secret;
        }

        @Override
        public void onApplicationEvent(WebServerInitializedEvent event) {
            String base = "http://127.0.0.1:" + event.getWebServer().getPort();
            registration = ClientRegistration.withRegistrationId(SecurityConfiguration.REGISTRATION_ID)
                    .clientId(CLIENT_ID)
                    .clientSecret(secret)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                    .scope(OidcScopes.OPENID, OidcScopes.PROFILE)
                    .authorizationUri("/oauth2/authorize")
                    .tokenUri(base + "/oauth2/token")
                    .jwkSetUri(base + "/oauth2/jwks")
                    .userNameAttributeName("sub")
                    .clientName("Isaacus")
                    .build();
        }

        @Override
        public ClientRegistration findByRegistrationId(String registrationId) {
            return SecurityConfiguration.REGISTRATION_ID.equals(registrationId) ? registration : null;
        }
    }
}

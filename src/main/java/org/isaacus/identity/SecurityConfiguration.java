package org.isaacus.identity;

import java.util.HashSet;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;

/**
 * Browser pages use OIDC login (authorization code + PKCE) against the configured issuer; the REST API takes
 * bearer tokens and, for the app's own pages, the browser session. The embedded issuer has its own chain in
 * {@link EmbeddedIssuerConfiguration}.
 */
@Configuration
@EnableWebSecurity
class SecurityConfiguration {

    static final String REGISTRATION_ID = "isaacus";

    @Bean
    @Order(10)
    SecurityFilterChain apiSecurity(HttpSecurity http) throws Exception {
        var jwtConverter = new JwtAuthenticationConverter();
        jwtConverter.setJwtGrantedAuthoritiesConverter(
                jwt -> RoleClaims.authorities(jwt.getClaim(RoleClaims.CLAIM), jwt.getClaim(RoleClaims.GROUPS_CLAIM)));
        jwtConverter.setPrincipalClaimName("sub");
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(a -> a.requestMatchers("/api/public/**")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(rs -> rs.jwt(jwt -> jwt.jwtAuthenticationConverter(jwtConverter)))
                .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED))
                        // a write without token or session fails the CSRF check first; it is still unauthenticated
                        .accessDeniedHandler((request, response, denied) -> response.sendError(
                                isAuthenticated() ? HttpStatus.FORBIDDEN.value() : HttpStatus.UNAUTHORIZED.value())))
                .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        // a bearer token is not sent by the browser on its own, so it cannot be forged cross-site;
                        // any other Authorization header (Basic, garbage) leaves the session in charge, so it is
                        // checked
                        .ignoringRequestMatchers(SecurityConfiguration::bearer));
        return http.build();
    }

    @Bean
    @Order(20)
    SecurityFilterChain browserSecurity(HttpSecurity http, ClientRegistrationRepository registrations)
            throws Exception {
        var resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations, "/oauth2/authorization");
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        http.authorizeHttpRequests(a -> a.requestMatchers(
                                "/actuator/health/**",
                                "/actuator/health",
                                "/",
                                "/catalogue",
                                "/login",
                                "/permits",
                                "/error",
                                "/css/**",
                                "/js/**",
                                "/vendor/**",
                                "/favicon.ico")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2Login(login -> login.authorizationEndpoint(ae -> ae.authorizationRequestResolver(resolver))
                        .defaultSuccessUrl("/", true))
                // RP-initiated logout: an identity provider that publishes an end-session endpoint ends its own
                // session too; the embedded issuer shares the app's session, which logout invalidates
                .logout(logout -> logout.logoutSuccessHandler(endSession(registrations)))
                .exceptionHandling(e -> e.authenticationEntryPoint(
                        new LoginUrlAuthenticationEntryPoint("/oauth2/authorization/" + REGISTRATION_ID)))
                .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler()));
        return http.build();
    }

    private static org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler
            endSession(ClientRegistrationRepository registrations) {
        var handler =
                new org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler(
                        registrations);
        handler.setPostLogoutRedirectUri("{baseUrl}/");
        handler.setDefaultTargetUrl("/");
        return handler;
    }

    static boolean bearer(jakarta.servlet.http.HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    private static boolean isAuthenticated() {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken);
    }

    /** Roles for browser sessions come from the ID token's {@code roles} claim. */
    @Bean
    GrantedAuthoritiesMapper oidcRolesMapper() {
        return authorities -> {
            Set<GrantedAuthority> mapped = new HashSet<>();
            for (GrantedAuthority authority : authorities) {
                if (authority instanceof OidcUserAuthority oidc) {
                    mapped.addAll(RoleClaims.authorities(
                            oidc.getIdToken().getClaim(RoleClaims.CLAIM),
                            oidc.getIdToken().getClaim(RoleClaims.GROUPS_CLAIM)));
                }
            }
            return mapped;
        };
    }
}

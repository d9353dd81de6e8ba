package org.isaacus.identity;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** The signed-in user as the modules see it: a stable subject and the roles from the token. */
public record CurrentUser(String subject, Set<Role> roles, Set<String> organisations) {

    public CurrentUser(String subject, Set<Role> roles) {
        this(subject, roles, Set.of());
    }

    public static CurrentUser get() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated()) {
            throw new IllegalStateException("no authenticated user");
        }
        Set<Role> roles = auth.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .flatMap(a -> java.util.Arrays.stream(Role.values())
                        .filter(r -> r.authority().equals(a)))
                .collect(Collectors.toUnmodifiableSet());
        Set<String> organisations = Set.copyOf(RoleClaims.groupValues(auth.getAuthorities()));
        return new CurrentUser(auth.getName(), roles, organisations);
    }

    /** The OIDC e-mail claim: the identity by which a permit names its team members. */
    public static final String EMAIL_CLAIM = "email";

    /** The OIDC claim saying the identity provider has verified the e-mail address. */
    public static final String EMAIL_VERIFIED_CLAIM = "email_verified";

    /**
     * Every identity of the signed-in user a permit may name: the subject and, if the identity provider says it
     * has verified it, the e-mail address (lower case). An unverified address identifies nobody: anyone can
     * type one into an account.
     */
    public static Set<String> identities() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        var identities = new java.util.LinkedHashSet<String>();
        identities.add(auth.getName());
        Map<String, Object> claims = Map.of();
        if (auth
                instanceof
                org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken jwt) {
            claims = jwt.getToken().getClaims();
        } else if (auth.getPrincipal() instanceof org.springframework.security.oauth2.core.oidc.user.OidcUser oidc) {
            claims = oidc.getClaims();
        }
        Object verified = claims.get(EMAIL_VERIFIED_CLAIM);
        if (claims.get(EMAIL_CLAIM) instanceof String e
                && !e.isBlank()
                && (Boolean.TRUE.equals(verified) || "true".equals(verified))) {
            identities.add(e.toLowerCase());
        }
        return Set.copyOf(identities);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Candidate group names this user may work on: their roles and their organisations. */
    public Set<String> groups() {
        var groups = new java.util.HashSet<>(organisations);
        roles.stream().map(Role::claimValue).forEach(groups::add);
        return Set.copyOf(groups);
    }
}

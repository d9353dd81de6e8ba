package org.isaacus.identity;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** Maps the {@code roles} claim (ours or Keycloak's, via a mapper of that name) to Spring authorities. */
final class RoleClaims {

    static final String CLAIM = "roles";
    /** Organisation groups such as {@code register-holder:thl}; tasks scoped to one organisation use them. */
    static final String GROUPS_CLAIM = "groups";

    static final String GROUP_PREFIX = "GROUP_";

    private RoleClaims() {}

    static Set<GrantedAuthority> authorities(Object roles, Object groups) {
        var all = new java.util.HashSet<>(authorities(roles));
        if (groups instanceof Collection<?> values) {
            values.forEach(g -> all.add(new SimpleGrantedAuthority(GROUP_PREFIX + g)));
        }
        return Set.copyOf(all);
    }

    static List<String> groupValues(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith(GROUP_PREFIX))
                .map(a -> a.substring(GROUP_PREFIX.length()))
                .toList();
    }

    static Set<GrantedAuthority> authorities(Object claim) {
        if (!(claim instanceof Collection<?> values)) {
            return Set.of();
        }
        return values.stream()
                .map(String::valueOf)
                .flatMap(v -> Role.fromClaim(v).stream())
                .map(r -> new SimpleGrantedAuthority(r.authority()))
                .collect(Collectors.toUnmodifiableSet());
    }

    static List<String> claimValues(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream()
                .map(GrantedAuthority::getAuthority)
                .flatMap(a -> java.util.Arrays.stream(Role.values())
                        .filter(r -> r.authority().equals(a)))
                .map(Role::claimValue)
                .toList();
    }
}

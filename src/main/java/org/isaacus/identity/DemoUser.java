package org.isaacus.identity;

import java.util.List;

/**
 * One demo user per role, and per organisation where tasks are scoped to one (a committee, a register
 * holder), to show isolation and four eyes. Local issuer only.
 */
public record DemoUser(String username, Role role, String group) {

    /** The demo user's e-mail identity (how a permit names its team members for the secure environment). */
    public String email() {
        return username + "@demo.isaacus.example";
    }

    public static java.util.Optional<DemoUser> named(String username) {
        return all().stream().filter(u -> u.username().equals(username)).findFirst();
    }

    public static List<DemoUser> all() {
        return List.of(
                new DemoUser("aino", Role.APPLICANT, null),
                new DemoUser("bruno", Role.APPLICANT, null),
                new DemoUser("olli", Role.PERMIT_OFFICER, null),
                new DemoUser("oona", Role.PERMIT_OFFICER, null),
                new DemoUser("eero", Role.ETHICS_COMMITTEE_MEMBER, "ethics-committee:tukija"),
                new DemoUser("essi", Role.ETHICS_COMMITTEE_MEMBER, "ethics-committee:hus"),
                new DemoUser("helmi", Role.REGISTER_HOLDER, "register-holder:thl"),
                new DemoUser("kalle", Role.REGISTER_HOLDER, "register-holder:kela"),
                new DemoUser("tilda", Role.REGISTER_HOLDER, "register-holder:statfi"),
                new DemoUser("bea", Role.REGISTER_HOLDER, "register-holder:biobank-h"),
                new DemoUser("mikko", Role.MANAGER, null),
                new DemoUser("admin", Role.ADMIN, null));
    }
}

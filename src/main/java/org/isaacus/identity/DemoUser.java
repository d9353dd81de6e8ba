package org.isaacus.identity;

import java.util.List;

/** One demo user per role (two applicants and two officers, to show isolation and four eyes). Local only. */
public record DemoUser(String username, Role role) {

    public static List<DemoUser> all() {
        return List.of(
                new DemoUser("aino", Role.APPLICANT),
                new DemoUser("bruno", Role.APPLICANT),
                new DemoUser("olli", Role.PERMIT_OFFICER),
                new DemoUser("oona", Role.PERMIT_OFFICER),
                new DemoUser("eero", Role.ETHICS_COMMITTEE_MEMBER),
                new DemoUser("helmi", Role.REGISTER_HOLDER),
                new DemoUser("mikko", Role.MANAGER),
                new DemoUser("admin", Role.ADMIN));
    }
}

package org.isaacus.identity;

import java.util.Arrays;
import java.util.Optional;

/**
 * The roles of the permit authority. The claim value (e.g. {@code permit-officer}) is also the candidate group
 * name used in the BPMN models, so a task's candidate groups are matched against a user's roles directly.
 */
public enum Role {
    APPLICANT("applicant"),
    PERMIT_OFFICER("permit-officer"),
    ETHICS_COMMITTEE_MEMBER("ethics-committee-member"),
    REGISTER_HOLDER("register-holder"),
    MANAGER("manager"),
    ADMIN("admin");

    private final String claimValue;

    Role(String claimValue) {
        this.claimValue = claimValue;
    }

    public String claimValue() {
        return claimValue;
    }

    public String authority() {
        return "ROLE_" + name();
    }

    public static Optional<Role> fromClaim(String value) {
        return Arrays.stream(values()).filter(r -> r.claimValue.equals(value)).findFirst();
    }
}

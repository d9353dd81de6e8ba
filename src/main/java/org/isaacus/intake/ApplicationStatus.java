package org.isaacus.intake;

/**
 * The one externally visible status of a case, named after the TEHDAS2 D6.4 status model (the mapping is in
 * docs/processes.md). The decision itself stays in the status history; after a grant the status says where the
 * permit's life is.
 */
public enum ApplicationStatus {
    DRAFT("draft"),
    SUBMITTED("submitted"),
    INCOMPLETE("incomplete"),
    UNDER_ASSESSMENT("under-assessment"),
    GRANTED("granted"),
    GRANTED_WITH_CONDITIONS("granted-with-conditions"),
    REFUSED("refused"),
    WITHDRAWN("withdrawn"),
    /** Ended without a decision because the applicant did not act in time (supplement, fee acceptance). */
    LAPSED("lapsed"),
    DATA_IN_PREPARATION("data-in-preparation"),
    DATA_AVAILABLE("data-available"),
    /** A refusal under appeal at the administrative court. */
    UNDER_APPEAL("under-appeal"),
    /** A revocation was confirmed: access is suspended while the permit holder is heard and the decision written. */
    SUSPENDED("suspended"),
    EXPIRED("expired"),
    REVOKED("revoked"),
    /** A data request delivered, or a refusal the court decided on. */
    CLOSED("closed");

    private final String code;

    ApplicationStatus(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Before the decision the applicant may still withdraw. */
    public boolean undecided() {
        return this == SUBMITTED || this == INCOMPLETE || this == UNDER_ASSESSMENT;
    }

    /** A permit that is in force: granted, its data being prepared or available. */
    public boolean granted() {
        return this == GRANTED
                || this == GRANTED_WITH_CONDITIONS
                || this == DATA_IN_PREPARATION
                || this == DATA_AVAILABLE;
    }

    public static ApplicationStatus ofCode(String code) {
        for (ApplicationStatus s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status " + code);
    }
}

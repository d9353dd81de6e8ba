package org.isaacus.intake;

/**
 * The one externally visible status of a case, named after the TEHDAS2 D6.4 status model. Later stages
 * (ethics review, consultation, fees, compilation, expiry) add theirs.
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
    EXPIRED("expired"),
    REVOKED("revoked");

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

    public boolean granted() {
        return this == GRANTED || this == GRANTED_WITH_CONDITIONS;
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

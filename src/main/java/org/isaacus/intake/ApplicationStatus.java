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
    REFUSED("refused");

    private final String code;

    ApplicationStatus(String code) {
        this.code = code;
    }

    public String code() {
        return code;
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

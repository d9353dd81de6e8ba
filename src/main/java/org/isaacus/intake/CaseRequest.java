package org.isaacus.intake;

/** What an applicant can ask of a running case, and the message the process waits for. */
public enum CaseRequest {
    WITHDRAW("application-withdrawn"),
    APPEAL("appeal-lodged"),
    RENEW("renewal-requested");

    private final String messageName;

    CaseRequest(String messageName) {
        this.messageName = messageName;
    }

    public String messageName() {
        return messageName;
    }
}

package org.isaacus.engine;

/** Names shared by the models in processes/ and decision-tables/ and the code. */
public final class ProcessIds {

    public static final String PERMIT_APPLICATION = "permit-application";
    public static final String MESSAGE_APPLICATION_SUBMITTED = "application-submitted";
    public static final String DECISION_APPLICATION_ROUTING = "application-routing";

    private ProcessIds() {}
}

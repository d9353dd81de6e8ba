package org.isaacus.notification;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Service tasks of type send-notification; header template names the message and decides who gets it. */
@Component
public class NotificationWorker {

    private final Notifications notifications;
    private final NotificationAddresses addresses;

    NotificationWorker(Notifications notifications, NotificationAddresses addresses) {
        this.notifications = notifications;
        this.addresses = addresses;
    }

    @JobWorker(type = "send-notification")
    public void send(
            ActivatedJob job,
            @Variable String caseId,
            @Variable String applicant,
            @Variable String title,
            @Variable String holder,
            @Variable String ethicsCommittee,
            @Variable String contactEmail,
            @Variable String notifyGroup,
            @Variable String extensionReason) {
        String template = job.getCustomHeaders().get("template");
        String recipient = switch (template) {
            case "ethics-statement-requested", "ethics-statement-reminder", "withdrawn-committee" ->
                "ethics-committee:" + ethicsCommittee;
            case "consultation-requested", "consultation-reminder", "withdrawn-holder" -> "register-holder:" + holder;
            // the model names the groups (multi-instance over notifyGroup): officers and managers alike
            case "decision-deadline-near", "decision-deadline-passed" -> notifyGroup;
            case "deletion-overdue" -> "manager";
            case "extraction-overdue" -> "permit-officer";
            default -> applicant;
        };
        // the applicant gave a contact address in the application; organisations have functional addresses
        String email = recipient.equals(applicant) ? contactEmail : addresses.of(recipient);
        notifications.store(
                job.getKey(),
                caseId == null ? null : UUID.fromString(caseId),
                template,
                recipient,
                email,
                title,
                "decision-deadline-extended".equals(template) ? extensionReason : null);
    }
}

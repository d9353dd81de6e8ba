package org.isaacus.notification;

import java.util.List;
import org.isaacus.identity.CurrentUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class NotificationController {

    private final Notifications notifications;

    NotificationController(Notifications notifications) {
        this.notifications = notifications;
    }

    @GetMapping("/api/notifications")
    List<Notifications.Message> mailbox() {
        return notifications.mailbox(CurrentUser.get());
    }
}

package org.isaacus.notification;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Functional mail addresses of groups and roles, e.g. {@code register-holder:thl} or {@code permit-officer}, set
 * by the authority in configuration ({@code isaacus.notification.addresses}). A group without an address still
 * gets its messages in the in-app mailbox.
 */
@ConfigurationProperties("isaacus.notification")
public record NotificationAddresses(Map<String, String> addresses, String from) {

    public NotificationAddresses {
        addresses = addresses == null ? Map.of() : Map.copyOf(addresses);
        from = from == null ? "isaacus@localhost" : from;
    }

    String of(String group) {
        return addresses.get(group);
    }
}

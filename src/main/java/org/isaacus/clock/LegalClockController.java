package org.isaacus.clock;

import java.util.Map;
import java.util.UUID;
import org.isaacus.identity.CurrentUser;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class LegalClockController {

    private final LegalClock clock;

    LegalClockController(LegalClock clock) {
        this.clock = clock;
    }

    @GetMapping("/api/applications/{id}/clock")
    ResponseEntity<LegalClock.ClockState> state(@PathVariable UUID id) {
        return ResponseEntity.of(clock.state(CurrentUser.get(), id));
    }

    @PostMapping("/api/applications/{id}/clock/extension")
    LegalClock.ClockState extend(@PathVariable UUID id, @RequestBody Map<String, String> body) {
        return clock.extend(CurrentUser.get(), id, body.get("reason"));
    }
}

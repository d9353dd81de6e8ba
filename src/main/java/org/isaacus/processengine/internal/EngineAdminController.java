package org.isaacus.processengine.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/**
 * What an operator needs of the embedded engine: its incidents with a retry button (admins), and — only where
 * clock control is on (tests, a developer's local run) — moving engine time forward to cross long deadlines.
 * With a Camunda 8 cluster, Operate does this instead.
 */
@Controller
@org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(
        name = "isaacus.engine.embedded.enabled",
        havingValue = "true",
        matchIfMissing = true)
class EngineAdminController {

    private final EngineServer engine;
    private final boolean clockControl;

    EngineAdminController(EngineServer engine, @Value("${isaacus.engine.clock-control:false}") boolean clockControl) {
        this.engine = engine;
        this.clockControl = clockControl;
    }

    @GetMapping("/admin/engine")
    String page(Authentication user, Model model) {
        requireAdmin(user);
        model.addAttribute("incidents", engine.commands().incidents());
        model.addAttribute("clock", engine.clock().now());
        return "engine";
    }

    @PostMapping("/admin/engine/incidents/{key}/retry")
    String retryFromPage(Authentication user, @PathVariable long key) {
        retry(user, key);
        return "redirect:/admin/engine";
    }

    @GetMapping("/api/engine/incidents")
    @ResponseBody
    List<Map<String, Object>> incidents(Authentication user) {
        requireAdmin(user);
        return engine.commands().incidents();
    }

    @PostMapping("/api/engine/incidents/{key}/retry")
    @ResponseBody
    Map<String, Object> retry(Authentication user, @PathVariable long key) {
        requireAdmin(user);
        try {
            engine.commands().retryIncident(key);
        } catch (Commands.Refused e) {
            throw new ResponseStatusException(
                    e.status == Commands.Status.NOT_FOUND ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT, e.getMessage());
        }
        return Map.of("retried", key);
    }

    record Advance(Duration advance) {}

    @PostMapping("/api/engine/clock")
    @ResponseBody
    Map<String, Object> advance(Authentication user, @RequestBody Advance body) {
        if (!clockControl) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        requireAdmin(user);
        if (body == null
                || body.advance() == null
                || body.advance().isNegative()
                || body.advance().isZero()) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "advance: a positive ISO-8601 duration, e.g. P30D");
        }
        engine.advanceClock(body.advance());
        return Map.of(
                "now",
                engine.clock().now().toString(),
                "offset",
                engine.clock().offset().toString());
    }

    private static void requireAdmin(Authentication user) {
        boolean admin =
                user != null && user.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
        if (!admin) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "for admins only");
        }
    }
}

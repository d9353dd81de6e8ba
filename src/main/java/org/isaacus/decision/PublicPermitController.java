package org.isaacus.decision;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public list of granted permits; no sign-in needed. */
@RestController
class PublicPermitController {

    private final PermitRegister register;

    PublicPermitController(PermitRegister register) {
        this.register = register;
    }

    @GetMapping("/api/public/permits")
    List<PermitRegister.PublicPermit> permits() {
        return register.published();
    }
}

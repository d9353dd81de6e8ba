package org.isaacus.catalogue;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/catalogue")
class CatalogueController {

    private final Catalogue catalogue;

    CatalogueController(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    @GetMapping("/datasets")
    List<Catalogue.Dataset> datasets() {
        return catalogue.datasets();
    }

    @GetMapping("/variables")
    List<Catalogue.Variable> variables() {
        return catalogue.variables();
    }
}

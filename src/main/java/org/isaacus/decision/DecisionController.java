package org.isaacus.decision;

import java.util.UUID;
import org.isaacus.identity.CurrentUser;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class DecisionController {

    private final DecisionDocuments documents;

    DecisionController(DecisionDocuments documents) {
        this.documents = documents;
    }

    @GetMapping("/api/applications/{id}/decision.pdf")
    ResponseEntity<byte[]> decision(@PathVariable UUID id) {
        return documents
                .pdf(CurrentUser.get(), id)
                .map(pdf -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_PDF)
                        .header(
                                HttpHeaders.CONTENT_DISPOSITION,
                                ContentDisposition.attachment()
                                        .filename("decision-" + id + ".pdf")
                                        .build()
                                        .toString())
                        .body(pdf))
                .orElse(ResponseEntity.notFound().build());
    }
}

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
    private final Revocations revocations;

    DecisionController(DecisionDocuments documents, Revocations revocations) {
        this.documents = documents;
        this.revocations = revocations;
    }

    @GetMapping("/api/applications/{id}/decision.pdf")
    ResponseEntity<byte[]> decision(@PathVariable UUID id) {
        return attachment(documents.pdf(CurrentUser.get(), id), "decision-" + id + ".pdf");
    }

    @GetMapping("/api/applications/{id}/revocation.pdf")
    ResponseEntity<byte[]> revocation(@PathVariable UUID id) {
        return attachment(revocations.revocationPdf(CurrentUser.get(), id), "revocation-" + id + ".pdf");
    }

    private static ResponseEntity<byte[]> attachment(java.util.Optional<byte[]> document, String filename) {
        return document.map(pdf -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_PDF)
                        .header(
                                HttpHeaders.CONTENT_DISPOSITION,
                                ContentDisposition.attachment()
                                        .filename(filename)
                                        .build()
                                        .toString())
                        .body(pdf))
                .orElse(ResponseEntity.notFound().build());
    }
}

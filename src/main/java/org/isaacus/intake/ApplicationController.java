package org.isaacus.intake;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.isaacus.identity.CurrentUser;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/applications")
class ApplicationController {

    private final ApplicationService applications;

    ApplicationController(ApplicationService applications) {
        this.applications = applications;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    PermitApplication create() {
        return applications.create(CurrentUser.get());
    }

    @GetMapping
    List<PermitApplication> list() {
        return applications.list(CurrentUser.get());
    }

    @GetMapping("/{id}")
    PermitApplication get(@PathVariable UUID id) {
        return applications.get(CurrentUser.get(), id);
    }

    @PutMapping("/{id}/form")
    PermitApplication saveDraft(@PathVariable UUID id, @RequestBody Map<String, Object> data) {
        return applications.saveDraft(CurrentUser.get(), id, data);
    }

    @PostMapping(path = "/{id}/attachments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    PermitApplication.AttachmentInfo attach(@PathVariable UUID id, @RequestParam("file") MultipartFile file)
            throws IOException {
        return applications.attach(CurrentUser.get(), id, file.getOriginalFilename(), file.getBytes());
    }

    @GetMapping("/{id}/attachments/{attachmentId}")
    ResponseEntity<byte[]> attachment(@PathVariable UUID id, @PathVariable UUID attachmentId) {
        byte[] content = applications.attachmentContent(CurrentUser.get(), id, attachmentId);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("research-plan.pdf")
                                .build()
                                .toString())
                .body(content);
    }

    /** How many pages an attachment has and the text of each, for reading it page by page in the browser. */
    @GetMapping("/{id}/attachments/{attachmentId}/pages")
    Map<String, Object> attachmentPages(@PathVariable UUID id, @PathVariable UUID attachmentId) {
        var texts = PdfPages.texts(applications.attachmentContent(CurrentUser.get(), id, attachmentId));
        return Map.of("pages", texts.size(), "texts", texts);
    }

    /** One page of an attachment as an image: readable without a PDF viewer, and nothing in the file runs. */
    @GetMapping(value = "/{id}/attachments/{attachmentId}/pages/{page}", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> attachmentPage(
            @PathVariable UUID id, @PathVariable UUID attachmentId, @PathVariable int page) {
        byte[] content = applications.attachmentContent(CurrentUser.get(), id, attachmentId);
        return PdfPages.png(content, page)
                .map(png -> ResponseEntity.ok()
                        .contentType(MediaType.IMAGE_PNG)
                        .cacheControl(org.springframework.http.CacheControl.maxAge(java.time.Duration.ofHours(1))
                                .cachePrivate())
                        .body(png))
                .orElseThrow(() -> new org.isaacus.forms.Refusal(HttpStatus.NOT_FOUND, "refusal.page.not-found"));
    }

    @PostMapping("/{id}/withdraw")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void withdraw(@PathVariable UUID id) {
        applications.request(CurrentUser.get(), id, CaseRequest.WITHDRAW);
    }

    @PostMapping("/{id}/appeal")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void appeal(@PathVariable UUID id) {
        applications.request(CurrentUser.get(), id, CaseRequest.APPEAL);
    }

    @PostMapping("/{id}/renewal")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void renew(@PathVariable UUID id) {
        applications.request(CurrentUser.get(), id, CaseRequest.RENEW);
    }

    @PostMapping("/{id}/revoke/confirm")
    @org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.ACCEPTED)
    void confirmRevocation(@PathVariable UUID id) {
        applications.confirmRevocation(CurrentUser.get(), id);
    }

    @PostMapping("/{id}/revoke")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void revoke(@PathVariable UUID id, @RequestBody(required = false) java.util.Map<String, String> body) {
        applications.revoke(CurrentUser.get(), id, body == null ? null : body.get("reason"));
    }

    @PostMapping("/{id}/submit")
    PermitApplication submit(@PathVariable UUID id) {
        return applications.submit(CurrentUser.get(), id);
    }
}

package org.isaacus.intake;

import java.io.IOException;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.isaacus.forms.InvalidInputException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** An attachment must be a PDF that parses, with at least one page, within the size limit. */
@Component
class ResearchPlanCheck {

    private final long maxBytes;

    ResearchPlanCheck(@Value("${isaacus.intake.attachment-max-bytes:10485760}") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void check(String filename, byte[] content) {
        if (content.length == 0) {
            throw reject("the file is empty");
        }
        if (content.length > maxBytes) {
            throw reject("the file is larger than " + (maxBytes / (1024 * 1024)) + " MB");
        }
        if (filename == null || !filename.toLowerCase(java.util.Locale.ROOT).endsWith(".pdf")) {
            throw reject("only PDF files (.pdf) are accepted");
        }
        if (!(content.length > 4 && content[0] == '%' && content[1] == 'P' && content[2] == 'D' && content[3] == 'F')) {
            throw reject("the file is not a PDF document");
        }
        try (var pdf = Loader.loadPDF(content)) {
            if (pdf.getNumberOfPages() == 0) {
                throw reject("the PDF has no pages");
            }
            if (pdf.isEncrypted()) {
                throw reject("encrypted PDFs cannot be reviewed");
            }
        } catch (IOException e) {
            throw reject("the PDF cannot be read: " + e.getMessage());
        }
    }

    private static InvalidInputException reject(String why) {
        return new InvalidInputException(Map.of("file", why));
    }
}

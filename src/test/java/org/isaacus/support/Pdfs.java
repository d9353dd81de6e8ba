package org.isaacus.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;

/** Makes small real PDFs for upload tests. */
public final class Pdfs {

    private Pdfs() {}

    public static byte[] onePage() {
        try (var doc = new PDDocument()) {
            doc.addPage(new PDPage());
            var out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

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

    /** A PDF that runs JavaScript when it is opened. */
    public static byte[] withJavaScript() {
        try (var doc = new PDDocument()) {
            doc.addPage(new PDPage());
            doc.getDocumentCatalog()
                    .setOpenAction(new org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript("app.alert(1)"));
            var out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

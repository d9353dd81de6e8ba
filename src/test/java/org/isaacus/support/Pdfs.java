package org.isaacus.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;

/** Makes small real PDFs for upload tests. */
public final class Pdfs {

    private Pdfs() {}

    /** The text on {@link #onePage()}, for tests that read the page's text. */
    public static final String ONE_PAGE_TEXT = "Research plan of a test study";

    /** One page with a line of text, as a real plan has. */
    public static byte[] onePage() {
        try (var doc = new PDDocument()) {
            var page = new PDPage();
            doc.addPage(page);
            try (var content = new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, page)) {
                content.beginText();
                content.setFont(
                        new org.apache.pdfbox.pdmodel.font.PDType1Font(
                                org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA),
                        12);
                content.newLineAtOffset(72, 720);
                content.showText(ONE_PAGE_TEXT);
                content.endText();
            }
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

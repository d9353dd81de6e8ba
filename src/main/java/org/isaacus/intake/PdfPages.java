package org.isaacus.intake;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * An attachment's pages as images, so a plan can be read in any browser without a PDF viewer and nothing in the
 * file reaches the page (the browser gets pixels, not PDF). Rendered on request; a plan is at most a few MB.
 */
final class PdfPages {

    /** Readable on a screen, about 850 × 1,100 pixels for an A4 page. */
    private static final float DPI = 100;

    private PdfPages() {}

    /**
     * The text of each page, for those who do not read the image (a screen reader, a search in the page); empty for
     * a page without text (a scan).
     */
    static java.util.List<String> texts(byte[] pdf) {
        try (PDDocument document = open(pdf)) {
            var stripper = new org.apache.pdfbox.text.PDFTextStripper();
            java.util.List<String> texts = new java.util.ArrayList<>();
            for (int page = 1; page <= document.getNumberOfPages(); page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                texts.add(stripper.getText(document).strip());
            }
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page (1-based) as PNG; an empty result when there is no such page. */
    static java.util.Optional<byte[]> png(byte[] pdf, int page) {
        try (PDDocument document = open(pdf)) {
            if (page < 1 || page > document.getNumberOfPages()) {
                return java.util.Optional.empty();
            }
            BufferedImage image = new PDFRenderer(document).renderImageWithDPI(page - 1, DPI, ImageType.RGB);
            var out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return java.util.Optional.of(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PDDocument open(byte[] pdf) throws IOException {
        // the upload check bounded what the file inflates to; rendering stays in memory of the same order
        return Loader.loadPDF(
                pdf, "", null, null, MemoryUsageSetting.setupMainMemoryOnly(256L * 1024 * 1024).streamCache);
    }
}
